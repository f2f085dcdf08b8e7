import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema, configJsonSchemaText } from './json-schema';

describe('config/schema.json', () => {
  it('is up to date with the zod schema (run `npm run config:schema` when this fails)', () => {
    const committed = readFileSync(
      join(__dirname, '..', '..', '..', 'config', 'schema.json'),
      'utf8',
    );
    expect(committed).toBe(configJsonSchemaText());
  });

  it('describes strict sections, the enums people type and the defaults', () => {
    const schema = configJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { properties?: Record<string, unknown>; default?: unknown }>;
    };
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'zenhire', 'connectors']));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.store.default).toBe('sqlite:./zenhire-connect.sqlite');
    const text = JSON.stringify(schema);
    for (const word of [
      'single_select',
      'stage_entered',
      'cv_deepmatch',
      'admin_only',
      'lowConfidence',
    ]) {
      expect(text).toContain(word);
    }
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from './load-config';

/**
 * The commented example configs in /config must load. Connector instance configs are
 * checked with a permissive placeholder per type (the connector packages test their own
 * schemas against these files).
 */
const CONFIG_DIR = join(__dirname, '..', '..', '..', 'config');
const ENV = new Proxy({} as Record<string, string>, {
  get: (_t, name) => `test-${String(name).toLowerCase()}`,
});
const PLACEHOLDERS = {
  greenhouse: z.looseObject({}),
  lever: z.looseObject({}),
  generic: z.looseObject({}),
};

describe('example configs', () => {
  const files = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.example.yaml'));

  it('exist for greenhouse, lever and generic', () => {
    expect(files.sort()).toEqual([
      'generic.example.yaml',
      'greenhouse.example.yaml',
      'lever.example.yaml',
    ]);
  });

  it.each(files)('%s loads, with a screen trigger and the five-field mapping', (file) => {
    const loaded = loadConfig(join(CONFIG_DIR, file), { env: ENV, connectorSchemas: PLACEHOLDERS });
    const trigger = loaded.triggers.find((t) => t.name === 'screen-interview')!;
    expect(trigger.on).toBe('stage_entered');
    expect(trigger.action.kind).toBe('interview');
    const mapping = loaded.mappings.find((m) => m.name === 'english-screen-results')!;
    const asWritten = [...mapping.fields].sort((a, b) => a.index - b.index);
    expect(asWritten.map((f) => f.type)).toEqual([
      'single_select',
      'number',
      'number',
      'number',
      'date',
    ]);
    expect(mapping.note).toBeDefined();
    expect(mapping.addTags).toHaveLength(2);
    expect(mapping.stage.map((s) => s.action.kind)).toEqual(['move', 'reject']);
  });

  it('refuse to load without their secrets in the environment', () => {
    expect(() =>
      loadConfig(join(CONFIG_DIR, 'greenhouse.example.yaml'), {
        env: {},
        connectorSchemas: PLACEHOLDERS,
      }),
    ).toThrow(/environment variable ZENHIRE_API_KEY is not set/);
  });
});

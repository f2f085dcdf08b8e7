import { z } from 'zod';
import { ConfigSchema } from './schema';

/**
 * JSON Schema (draft 2020-12) of the YAML configuration as written (`io: 'input'`:
 * defaulted keys are optional), generated from {@link ConfigSchema} with zod's
 * `z.toJSONSchema`. Committed as `config/schema.json` (`npm run config:schema`) for editor
 * completion; a test fails when the committed file is stale. Connector instance keys
 * beyond `type` are open here (each plugin validates its own).
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/zenhire/zenhire-connect/config/schema.json',
    title: 'ZenHire Connect configuration',
    description:
      'YAML configuration of ZenHire Connect. Secrets must be written as ${ENV_VAR}; templates and conditions are Liquid.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** {@link configJsonSchema} as the exact text of `config/schema.json` (2-space JSON + newline). */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

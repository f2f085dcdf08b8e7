#!/usr/bin/env node
// Writes config/schema.json from the zod schema of the configuration (core/src/config).
// Run through `npm run config:schema` (it builds core first). A core test fails when the
// committed file differs from what this script would write.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonSchema from '../core/dist/config/json-schema.js';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, 'schema.json');
writeFileSync(target, jsonSchema.configJsonSchemaText());
console.log(`wrote ${target}`);

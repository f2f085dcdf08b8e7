#!/usr/bin/env node
// Regenerates src/init/templates.ts from config/*.example.yaml (what `init` writes).
// Run after editing an example: node packages/cli/scripts/sync-templates.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const config = join(here, '../../../config');
let out =
  '// Generated from config/*.example.yaml by scripts/sync-templates.mjs (templates.test.ts checks them).\n\n' +
  '/** Commented starter configs by ATS type (`init --ats <type>`). */\n' +
  'export const INIT_TEMPLATES: Record<string, string> = {\n';
for (const type of ['greenhouse', 'lever', 'generic']) {
  out += `  ${type}: ${JSON.stringify(readFileSync(join(config, `${type}.example.yaml`), 'utf8'))},\n`;
}
out += '};\n';
writeFileSync(join(here, '../src/init/templates.ts'), out);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INIT_TEMPLATES } from './templates';

// `init` ships the repository's example configs; regenerate templates.ts when they change.
describe('init templates', () => {
  it.each(['greenhouse', 'lever', 'generic'])('%s is config/%s.example.yaml', (name) => {
    const example = readFileSync(
      join(__dirname, `../../../../config/${name}.example.yaml`),
      'utf8',
    );
    expect(INIT_TEMPLATES[name]).toBe(example);
  });
});

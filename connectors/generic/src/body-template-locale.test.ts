import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const execFileAsync = promisify(execFile);
/** The repository's node_modules (liquidjs; `@zenhire-connect/core` as built by `npm run build`). */
const NODE_MODULES = resolve(__dirname, '..', '..', '..', 'node_modules');

// The default locale of a Node process is fixed at start from LANG / LC_ALL, so the check
// runs body-template.ts (transpiled, no ts loader) in a child started under a German locale.
it('renders date names in English whatever the host locale (the signed body must not vary)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zc-generic-locale-'));
  try {
    const source = await readFile(join(__dirname, 'body-template.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const module = join(dir, 'body-template.js');
    await writeFile(module, outputText);
    const script = `const { BodyTemplate, SAMPLE_CONTEXT } = require(${JSON.stringify(module)});
      const t = new BodyTemplate('{"day": {{ "2026-05-08T10:00:00Z" | date: "%A %B" | json }}}');
      process.stdout.write(t.render(SAMPLE_CONTEXT));`;
    const { stdout } = await execFileAsync(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_PATH: NODE_MODULES, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    });
    expect(JSON.parse(stdout)).toEqual({ day: 'Friday May' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

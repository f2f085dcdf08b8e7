// Lists the npm workspaces of this repository as { name, dir, pkg }, from the `workspaces`
// patterns of the root package.json (a plain folder, or `parent/*` for each folder in it that
// holds a package.json). One listing for the reference check (scripts/check-references.mjs)
// and the jest config (module name mapping). CommonJS so both can load it.
const { readFileSync, existsSync, readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');

function listWorkspaces() {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = rootPkg.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: pkg.name, dir, pkg };
    });
}

module.exports = { root, listWorkspaces };

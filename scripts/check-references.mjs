#!/usr/bin/env node
// Fails the build when a package's tsconfig `references` differ from its workspace
// dependencies (dependencies, devDependencies, peerDependencies), or when the root
// tsconfig.json does not reference every workspace. Same idea as jest's own
// scripts/checkTSConfigReferences, so `tsc -b` always builds in dependency order.
import { readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import workspaceList from './workspaces.cjs';

const { listWorkspaces, root } = workspaceList;

const workspaces = listWorkspaces();
const byName = new Map(workspaces.map((w) => [w.name, w]));
const problems = [];

function referencedDirs(tsconfigPath) {
  const config = JSON.parse(readFileSync(tsconfigPath, 'utf8'));
  return (config.references ?? []).map((r) => resolve(dirname(tsconfigPath), r.path));
}

for (const ws of workspaces) {
  const tsconfig = join(ws.dir, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    problems.push(`${ws.name}: no tsconfig.json`);
    continue;
  }
  if (!existsSync(join(ws.dir, 'README.md'))) problems.push(`${ws.name}: no README.md`);
  const deps = new Set(
    ['dependencies', 'devDependencies', 'peerDependencies']
      .flatMap((k) => Object.keys(ws.pkg[k] ?? {}))
      .filter((d) => byName.has(d))
      .map((d) => byName.get(d).dir),
  );
  const refs = new Set(referencedDirs(tsconfig));
  for (const d of deps) {
    if (!refs.has(d)) {
      problems.push(
        `${ws.name}: depends on ${relative(root, d)} but tsconfig.json does not reference it`,
      );
    }
  }
  for (const r of refs) {
    if (!deps.has(r)) {
      problems.push(
        `${ws.name}: tsconfig.json references ${relative(root, r)} which is not a workspace dependency`,
      );
    }
  }
}

const rootRefs = new Set(referencedDirs(join(root, 'tsconfig.json')));
for (const ws of workspaces) {
  if (!rootRefs.has(ws.dir))
    problems.push(`tsconfig.json (root): missing reference to ${relative(root, ws.dir)}`);
}

if (problems.length > 0) {
  console.error('tsconfig references do not match workspace dependencies:');
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Fix the "references" array of the named tsconfig.json files.');
  process.exit(1);
}

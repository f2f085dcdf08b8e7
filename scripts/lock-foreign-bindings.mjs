#!/usr/bin/env node
// The npm registry mirror this project is built against serves only the Linux builds of
// `unrs-resolver`'s native bindings (a jest 30 dependency), so npm writes a package-lock.json
// without the other platforms' optional entries, and `npm ci` then refuses the lock as out of
// sync ("Missing: @unrs/resolver-binding-… from lock file"). This adds those entries with
// their platform constraints (npm skips them on other platforms without fetching anything).
// Run after regenerating the lock: `node scripts/lock-foreign-bindings.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const lockPath = join(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const PLATFORM = {
  'android-arm-eabi': { os: 'android', cpu: 'arm' },
  'android-arm64': { os: 'android', cpu: 'arm64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'freebsd-x64': { os: 'freebsd', cpu: 'x64' },
  'linux-arm-gnueabihf': { os: 'linux', cpu: 'arm', libc: 'glibc' },
  'linux-arm-musleabihf': { os: 'linux', cpu: 'arm', libc: 'musl' },
  'linux-arm64-gnu': { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'linux-arm64-musl': { os: 'linux', cpu: 'arm64', libc: 'musl' },
  'linux-loong64-gnu': { os: 'linux', cpu: 'loong64', libc: 'glibc' },
  'linux-loong64-musl': { os: 'linux', cpu: 'loong64', libc: 'musl' },
  'linux-ppc64-gnu': { os: 'linux', cpu: 'ppc64', libc: 'glibc' },
  'linux-riscv64-gnu': { os: 'linux', cpu: 'riscv64', libc: 'glibc' },
  'linux-riscv64-musl': { os: 'linux', cpu: 'riscv64', libc: 'musl' },
  'linux-s390x-gnu': { os: 'linux', cpu: 's390x', libc: 'glibc' },
  'linux-x64-gnu': { os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-x64-musl': { os: 'linux', cpu: 'x64', libc: 'musl' },
  'openharmony-arm64': { os: 'openharmony', cpu: 'arm64' },
  'win32-arm64-msvc': { os: 'win32', cpu: 'arm64' },
  'win32-ia32-msvc': { os: 'win32', cpu: 'ia32' },
  'win32-x64-msvc': { os: 'win32', cpu: 'x64' },
};

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const match = /^@unrs\/resolver-binding-(.+)$/.exec(name);
    if (!match) continue;
    const dir = path.slice(0, path.lastIndexOf('node_modules/'));
    const key = `${dir}node_modules/${name}`;
    if (packages[key]) continue;
    const platform = PLATFORM[match[1]];
    if (!platform) throw new Error(`unknown platform of ${name}: add it to PLATFORM`);
    packages[key] = {
      version,
      cpu: [platform.cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      license: 'MIT',
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: added ${added} platform-gated @unrs/resolver-binding entries`);

// One jest config for every package: tests run from TypeScript sources through ts-jest
// (transpile only; `npm run build` is the type check), and workspace packages resolve to
// their `src/` so a test never needs a prior build.
const { join, relative } = require('node:path');
const { readFileSync, readdirSync, existsSync } = require('node:fs');

const rootPkg = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8'));
const dirs = rootPkg.workspaces.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? existsSync(join(__dirname, pattern.slice(0, -2)))
      ? readdirSync(join(__dirname, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(__dirname, pattern.slice(0, -2), e.name))
      : []
    : [join(__dirname, pattern)],
);
const moduleNameMapper = {};
for (const dir of dirs) {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const { name } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const rel = relative(__dirname, dir);
  moduleNameMapper[`^${name}$`] = `<rootDir>/${rel}/src/index.ts`;
  moduleNameMapper[`^${name}/(.*)$`] = `<rootDir>/${rel}/src/$1`;
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/packages', '<rootDir>/connectors', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  moduleNameMapper,
  setupFilesAfterEnv: ['<rootDir>/scripts/jest-restore-nock.js'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  maxWorkers: process.env.CI ? 2 : '50%',
  testTimeout: 30000,
};

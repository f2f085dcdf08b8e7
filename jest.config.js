// One jest config for every package: tests run from TypeScript sources through ts-jest
// (transpile only; `npm run build` is the type check), and workspace packages resolve to
// their `src/` so a test never needs a prior build.
const { relative } = require('node:path');
const { listWorkspaces } = require('./scripts/workspaces.cjs');

const moduleNameMapper = {};
for (const { name, dir } of listWorkspaces()) {
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

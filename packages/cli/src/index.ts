export * from './runtime/plugins';
export * from './runtime/runtime-config';
export * from './runtime/logger';
export * from './runtime/create-app';
export * from './runtime/assessment-partner';
export * from './exit-codes';
export * from './io';
export { runCli, buildProgram } from './program';
export {
  runDemo,
  type DemoOptions,
  type DemoReport,
  type DemoRow,
  type DemoFigures,
} from './demo/run-demo';
export { demoConfigYaml, DEMO_CONNECTOR } from './demo/demo-config';
export { demoSeed, DEMO_JOB, type DemoCandidate } from './demo/demo-data';
export { previewOnlyRegistry, parseRunArgument } from './commands/explain';
export { parseSince } from './output/duration';

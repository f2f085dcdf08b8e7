export * from './schema';
export * from './load-config';
export * from './config-error';
export * from './secrets';
export * from './json-schema';
export { formatPath, type ConfigPath, type SourcePosition } from './source-map';

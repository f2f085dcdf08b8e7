export * from './connector';
export * from './plugin-errors';
export * from './connector-plugin-check';
export * from './connector-registry';
export * from './build-connector-registry';
export * from './load-connector-plugins';

export * from './correlation-limits';
export * from './link-errors';
export * from './id-segment';
export * from './link-codec';
export * from './link-rules';
export * from './decode-link';

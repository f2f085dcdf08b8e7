export * from './build-write-plan';
export * from './canonical-json';

export * from './json-shape';

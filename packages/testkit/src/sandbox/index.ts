export * from './faults';
export * from './rate-limit';
export * from './sandbox-server';
export * from './seeded';
export * from './time-scale';

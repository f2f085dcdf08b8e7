export * from './faults';
export * from './sandbox-server';
export * from './seeded';
export * from './time-scale';

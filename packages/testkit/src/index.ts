export * from './sandbox';
export * from './contract';
export * from './greenhouse';
export * from './zenhire';
export * from './lever';
export * from './conformance';

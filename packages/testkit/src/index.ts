export * from './sandbox';
export * from './contract';

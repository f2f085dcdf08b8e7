export * from './lever-errors';
export * from './lever-fixture-data';
export * from './lever-model';
export * from './lever-pagination';
export * from './lever-rate-limit';
export * from './lever-sandbox';
export * from './lever-store';
export * from './lever-webhooks';

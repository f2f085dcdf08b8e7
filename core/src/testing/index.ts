export * from './in-memory-store';
export * from './speech-scores';

export * from './common';
export * from './speech';
export * from './interview';
export * from './cvdeepmatch';
export * from './cvdeepsearch';
export * from './universal';
export * from './ai-interview';

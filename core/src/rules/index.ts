export * from './compile-rules';
export * from './trigger';
export * from './mapping';
export * from './template';
export * from './template-context';
export * from './liquid-engine';
export * from './field-value';

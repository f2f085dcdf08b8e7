export * from './run-connector-conformance';
export * from './test-connector-host';
export * from './build-connector';
export * from './sample-operations';
export * from './write-fault-proxy';

// Child process for the multi-process SQLite claim test. Runs the store from JavaScript that
// the test transpiled beforehand (see transpileForChildProcess in databases.ts): claims
// deliveries (60 s lease, left in progress) until none is due, then prints the claimed ids
// as JSON on stdout.
// Usage: node claim-worker.js <transpiled dir> <sqlite file> <worker id> <now> <batch size>
'use strict';
const path = require('node:path');
const Module = require('node:module');

const [jsDir, file, workerId, nowText, batchText] = process.argv.slice(2);
const coreIndex = path.join(jsDir, 'core', 'index.js');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@zenhire-connect/core') return coreIndex;
  return resolve.call(this, request, ...rest);
};
const { createStore } = require(path.join(jsDir, 'store', 'create-store.js'));

async function main() {
  const now = Number(nowText);
  const store = createStore(`sqlite:${file}`, { busyTimeoutMs: 20000 });
  const claimed = [];
  try {
    for (;;) {
      const batch = await store.claimDue(workerId, Number(batchText), 60000, now);
      if (batch.length === 0) break;
      for (const delivery of batch) claimed.push(delivery.id);
    }
  } finally {
    await store.close();
  }
  process.stdout.write(JSON.stringify(claimed));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});

// Child process of file-sink.test.ts: appends `count` lines of `size` bytes to `file` with
// the FileSink module at `sinkModule` (file-sink.ts transpiled by the test, so no build is
// needed). Usage: node append-worker.js <sinkModule> <file> <worker> <count> <size> <header|->
'use strict';
const [sinkModule, file, worker, count, size, header] = process.argv.slice(2);
const { FileSink } = require(sinkModule);

async function main() {
  const sink = new FileSink({ path: file });
  const pad = 'x'.repeat(Number(size));
  const appends = [];
  for (let i = 0; i < Number(count); i++) {
    const line = JSON.stringify({ worker: Number(worker), i, pad });
    appends.push(sink.append(line, header === '-' ? undefined : header));
  }
  await Promise.all(appends);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// Child process of file-sink.test.ts: appends `count` lines of `size` bytes to `path` with
// FileSink (loaded from TypeScript source through typescript.transpileModule, so the test
// needs no build). Usage: node append-worker.js <path> <worker> <count> <size> <header|->
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

const { FileSink } = require(path.join(__dirname, '..', 'file-sink.ts'));
const [file, worker, count, size, header] = process.argv.slice(2);

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

/**
 * Runs every benchmark in test/bench and prints their figures (`npm run bench`). Exits 0
 * even when a target is missed (figures depend on the machine); the summary says which.
 */
import { purePathBenchmark } from './pure-path';

const benchmarks: { name: string; run: () => boolean | Promise<boolean> }[] = [
  { name: 'pure-path', run: purePathBenchmark },
];

async function main(): Promise<void> {
  const summary: string[] = [];
  for (const bench of benchmarks) {
    console.log(`\n== ${bench.name} ==`);
    const met = await bench.run();
    summary.push(`${bench.name}: ${met ? 'targets met' : 'TARGET MISSED'}`);
  }
  console.log(`\n${summary.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * Runs the benchmarks in test/bench and prints their figures (`npm run bench`). Exits 0
 * even when a target is missed (figures depend on the machine); the summary says which.
 * Non-zero only when a benchmark crashes.
 *
 * Arguments filter by name (substring): `npm run bench -- delivery scale` runs the
 * benchmarks whose name contains `delivery` or `scale`. `--list` prints the names.
 */
import { cpus, loadavg } from 'node:os';
import { deliveryLatencyBenchmark } from './delivery-latency';
import { purePathBenchmark } from './pure-path';
import { rateLimitUseBenchmark } from './rate-limit-use';
import { scaleOutBenchmark } from './scale-out';
import { zenhireCallsBenchmark } from './zenhire-calls';

const benchmarks: { name: string; run: () => boolean | Promise<boolean> }[] = [
  { name: 'pure-path', run: purePathBenchmark },
  { name: 'zenhire-calls', run: zenhireCallsBenchmark },
  { name: 'rate-limit-use', run: rateLimitUseBenchmark },
  { name: 'delivery-latency', run: deliveryLatencyBenchmark },
  { name: 'scale-out', run: scaleOutBenchmark },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    console.log(benchmarks.map((b) => b.name).join('\n'));
    return;
  }
  const selected = benchmarks.filter(
    (b) => args.length === 0 || args.some((filter) => b.name.includes(filter)),
  );
  if (selected.length === 0) {
    throw new Error(
      `no benchmark matches ${args.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
  }
  const [load1] = loadavg();
  console.log(
    `${new Date().toISOString()}  node ${process.version}, ${cpus().length} cores, ` +
      `load average ${load1.toFixed(2)} (figures move with other work on the machine)`,
  );
  const summary: string[] = [];
  for (const bench of selected) {
    console.log(`\n== ${bench.name} ==`);
    const started = Date.now();
    const met = await bench.run();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    summary.push(`${bench.name}: ${met ? 'targets met' : 'TARGET MISSED'} (${seconds} s)`);
  }
  console.log(`\n${summary.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

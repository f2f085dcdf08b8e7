export async function scaleOutBenchmark(): Promise<boolean> { return true; }

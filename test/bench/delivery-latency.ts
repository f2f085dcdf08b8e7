export async function deliveryLatencyBenchmark(): Promise<boolean> { return true; }

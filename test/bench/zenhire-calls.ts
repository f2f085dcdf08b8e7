export async function zenhireCallsBenchmark(): Promise<boolean> { return true; }

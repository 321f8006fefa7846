/** Where a Node service's resident memory sits, MB: the V8 heap it holds and the memory outside it (Buffers). */
export interface NodeMemory {
  readonly heapMb: number;
  readonly externalMb: number;
}

const MB = 1024 * 1024;

/** From the service's /metrics (prom-client's default metrics); undefined when it does not answer with both. */
export async function nodeMemory(metricsUrl: string): Promise<NodeMemory | undefined> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
    const gauge = (name: string) => {
      const match = new RegExp(`^${name} (\\S+)`, 'm').exec(text);
      return match ? Number(match[1]) / MB : undefined;
    };
    const heapMb = gauge('nodejs_heap_size_total_bytes');
    const externalMb = gauge('nodejs_external_memory_bytes');
    return heapMb !== undefined && externalMb !== undefined ? { heapMb, externalMb } : undefined;
  } catch {
    return undefined;
  }
}

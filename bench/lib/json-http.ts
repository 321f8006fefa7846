import { Agent, request } from 'node:http';

export interface CallOptions {
  readonly token?: string;
  /** Socket idle time after which the call fails. */
  readonly timeoutMs?: number;
  /** Aborts the call wherever it is (queued for a socket or in flight). */
  readonly signal?: AbortSignal;
}

export interface JsonReply {
  readonly status: number;
  readonly body: any;
}

/**
 * A keep-alive HTTP client for `POST /v1/<method>` with a socket pool large enough for an open-loop
 * generator (requests beyond the pool wait in the agent's queue, and that wait counts as latency).
 * Given several base URLs (replicas of a gateway), calls take them in turn, as a round-robin load
 * balancer in front of them would.
 */
export class JsonHttp {
  private readonly agent: Agent;
  private readonly endpoints: { host: string; port: number }[];
  private turn = 0;

  constructor(baseUrls: string | readonly string[], maxSockets = 1024) {
    this.endpoints = (typeof baseUrls === 'string' ? [baseUrls] : baseUrls).map((base) => {
      const url = new URL(base);
      return { host: url.hostname, port: Number(url.port) };
    });
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  call(method: string, params: unknown, options: CallOptions = {}): Promise<JsonReply> {
    const { token, timeoutMs = 60_000, signal } = options;
    const payload = JSON.stringify(params);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'x-tl-layer': 3,
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const { host, port } = this.endpoints[this.turn++ % this.endpoints.length];
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host, port, method: 'POST', path: `/v1/${method}`, headers, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `call`, but anything other than 200 is an error. */
  async ok(method: string, params: unknown, token?: string): Promise<any> {
    const reply = await this.call(method, params, { token });
    if (reply.status !== 200) throw new Error(`${method} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `parallel` in flight. */
export async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

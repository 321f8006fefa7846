import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../apps/message-gateway/src/auth/webhook-code-sender';

/** One POST the receiver took, with whether its signature verified. */
export interface ReceivedCode {
  readonly phone: string;
  readonly code: string;
  readonly expires_at: number;
  readonly lang_code: string;
  readonly delivery_id: string;
  readonly signed: boolean;
}

/**
 * The operator's SMS gateway, as a test plays it: an HTTP server that takes the webhook's POSTs,
 * checks their signature and answers what the test scripts (200 by default).
 */
export class CodeReceiver {
  readonly received: ReceivedCode[] = [];
  /** Answers for the next requests, in order: a status, or 'hang' to never answer. */
  readonly script: (number | 'hang')[] = [];
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly secret: string,
  ) {}

  static async start(secret: string): Promise<CodeReceiver> {
    const server = createServer();
    const receiver = new CodeReceiver(server, secret);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void receiver.take(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
  }

  /** The last code sent to `phone`. */
  codeFor(phone: string): string {
    const last = [...this.received].reverse().find((r) => r.phone === phone);
    if (!last) throw new Error(`no code was sent to ${phone}`);
    return last.code;
  }

  async stop(): Promise<void> {
    this.hanging.forEach((res) => res.destroy());
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async take(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const timestamp = String(req.headers[TIMESTAMP_HEADER] ?? '');
    const signed = req.headers[SIGNATURE_HEADER] === webhookSignature(this.secret, timestamp, body);
    this.received.push({ ...JSON.parse(body), signed });
    const answer = this.script.shift() ?? 200;
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    res.writeHead(answer).end();
  }
}

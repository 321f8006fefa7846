import { randomUUID } from 'node:crypto';
import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Cause, traceIdOf, traceparentFor } from '@app/events';
import { AppConfig, CONFIG, JsonLogger, metrics } from '@app/platform';
import { Presence } from '../auth/presence';
import { SessionRef, Sessions } from '../auth/sessions';
import { paramError } from './param-errors';
import { readJsonBody } from './read-body';
import { beforeDeadline } from './deadline';
import { RpcError, badRequest, internal, resultTimeout, unauthorized } from '@app/platform';
import { CallContext, RPC_METHODS, RpcMethod, TlResult } from './rpc-method';
import { writeResult } from './write-result';

const MAX_LAYER = 3;

/** `POST /v1/<method>`: the TL API over HTTP (docs/api.md). */
@Controller('v1')
export class RpcController {
  private readonly methods: Map<string, RpcMethod>;
  private readonly logger = new JsonLogger('message-gateway');

  constructor(
    @Inject(RPC_METHODS) methods: RpcMethod[],
    private readonly sessions: Sessions,
    private readonly presence: Presence,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.methods = new Map(methods.map((m) => [m.name, m]));
  }

  @Post(':method')
  async call(@Param('method') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const correlationId = this.correlationId(req);
    const traceparent = traceparentFor(req.header('traceparent'));
    res.setHeader('X-Request-Id', correlationId);
    res.setHeader('traceparent', traceparent);
    const timer = metrics.httpDuration.startTimer({ method: this.methods.has(name) ? name : 'unknown' });
    res.once('finish', () => timer({ status: String(res.statusCode) }));
    try {
      // One deadline for the whole call, every step included: a call answers within SEND_TIMEOUT_MS.
      const deadline = Date.now() + this.config.sendTimeoutMs;
      const result = await beforeDeadline(
        this.dispatch(name, req, { correlation_id: correlationId, traceparent }, deadline),
        deadline,
        resultTimeout,
      );
      writeResult(req, res, 200, result);
    } catch (error) {
      const rpc = error instanceof RpcError ? error : internal();
      if (!(error instanceof RpcError)) {
        // The method only if it is one (a client's string never reaches the log), and the error without its details.
        const method = this.methods.has(name) ? name : 'unknown';
        this.logger.error({
          msg: 'request failed',
          method,
          correlation_id: correlationId,
          trace_id: traceIdOf(traceparent),
          error: String(error).slice(0, 200),
        });
      }
      if (rpc.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(rpc.retryAfterSeconds));
      writeResult(req, res, rpc.code, rpc.toJSON());
    }
  }

  private async dispatch(name: string, req: Request, cause: Cause, deadline: number): Promise<TlResult> {
    const method = this.methods.get(name);
    if (!method) throw badRequest('METHOD_INVALID');
    const body = await readJsonBody(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('INPUT_INVALID');
    const layer = this.layer(req);
    const session = method.requiresAuth ? await this.authenticate(req) : undefined;
    const parsed = method.params.safeParse(body);
    if (!parsed.success) throw paramError(parsed.error, method.params);
    const clientAddress = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const call: CallContext = { userId: session?.userId ?? 0, session, clientAddress, layer, cause, deadline };
    return method.execute(parsed.data, call);
  }

  private layer(req: Request): number {
    const raw = req.header('x-tl-layer');
    if (raw === undefined) return 1;
    const layer = Number(raw);
    if (!/^\d{1,3}$/.test(raw) || layer < 1) throw badRequest('LAYER_INVALID');
    return Math.min(layer, MAX_LAYER);
  }

  private async authenticate(req: Request): Promise<SessionRef> {
    const session = await this.sessions.ofHeader(req.header('authorization'));
    if (!session) throw unauthorized();
    await this.presence.seen(session);
    return session;
  }

  private correlationId(req: Request): string {
    const given = req.header('x-request-id');
    return given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
  }
}

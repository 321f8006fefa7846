import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Cause, activeTraceparent, isTraceparent } from '@app/events';
import { AppConfig, CONFIG, componentLogger, inRequestContext, metrics, requestCorrelationId, withTraceparent } from '@app/platform';
import { Presence } from '../auth/presence';
import { SessionRef, Sessions } from '../auth/sessions';
import { CallAdmission } from './call-admission';
import { paramError } from './param-errors';
import { readCall } from './read-call';
import { headerOf } from './header-of';
import { beforeDeadline } from './deadline';
import {
  RpcError,
  badRequest,
  failureKind,
  internal,
  resultTimeout,
  serverOverloaded,
  serviceUnavailable,
  unauthorized,
} from '@app/platform';
import { CallContext, RPC_METHODS, RpcMethod, TlResult } from './rpc-method';
import { DEFAULT_LAYER } from './stated-layer';
import { writeResult } from './write-result';

/** `POST /v1/<method>`: the TL API over HTTP (docs/api.md). */
@Controller('v1')
export class RpcController {
  private readonly methods: Map<string, RpcMethod>;
  private readonly logger = componentLogger('rpc');

  constructor(
    @Inject(RPC_METHODS) methods: RpcMethod[],
    private readonly sessions: Sessions,
    private readonly presence: Presence,
    private readonly admission: CallAdmission,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.methods = new Map(methods.map((m) => [m.name, m]));
  }

  @Post(':method')
  async call(@Param('method') name: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Every line logged while serving the call carries its correlation id (the client's X-Request-Id, or a new one).
    const correlationId = requestCorrelationId(req.raw);
    reply.header('X-Request-Id', correlationId);
    // With tracing on, the caller learns the trace its call is in (the span serving it).
    const traceparent = activeTraceparent();
    if (traceparent) reply.header('traceparent', traceparent);
    // Without a tracing SDK the log lines still name the trace the caller sent, if any (nothing else uses it then).
    const given = headerOf(req.raw, 'traceparent');
    const answer = () => this.answer(name, req, reply, { correlation_id: correlationId });
    await inRequestContext(correlationId, () => (isTraceparent(given) ? withTraceparent(given, answer) : answer()));
  }

  private async answer(name: string, req: FastifyRequest, reply: FastifyReply, cause: Cause): Promise<void> {
    const timer = metrics.httpDuration.startTimer({ method: this.methods.has(name) ? name : 'unknown' });
    reply.raw.once('finish', () => timer({ status: String(reply.raw.statusCode) }));
    const release = this.admission.enter();
    metrics.callsInFlight.set(this.admission.calls);
    try {
      // Refused before the body is read: an overloaded process spends nothing on the calls it cannot take.
      if (!release) {
        metrics.callsRefused.inc();
        throw serverOverloaded();
      }
      // One deadline for the whole call, every step included: a call answers within SEND_TIMEOUT_MS.
      const deadline = Date.now() + this.config.sendTimeoutMs;
      const result = await beforeDeadline(this.dispatch(name, req, reply, cause, deadline), deadline, resultTimeout);
      writeResult(req.raw, reply, 200, result);
    } catch (error) {
      const rpc = error instanceof RpcError ? error : failureKind(error) === 'transient' ? serviceUnavailable() : internal();
      if (!(error instanceof RpcError)) {
        // The method only if it is one (a client's string never reaches the log), and the error without its details.
        const method = this.methods.has(name) ? name : 'unknown';
        const line = { msg: 'request failed', method, error: String(error).slice(0, 200), answered: rpc.errorName };
        if (rpc.code === 503) this.logger.warn(line);
        else this.logger.error(line);
      }
      if (rpc.retryAfterSeconds !== undefined) reply.header('Retry-After', String(rpc.retryAfterSeconds));
      writeResult(req.raw, reply, rpc.code, rpc.toJSON());
    } finally {
      release?.();
      metrics.callsInFlight.set(this.admission.calls);
    }
  }

  private async dispatch(name: string, req: FastifyRequest, reply: FastifyReply, cause: Cause, deadline: number): Promise<TlResult> {
    const method = this.methods.get(name);
    if (!method) throw badRequest('METHOD_INVALID');
    const { params, statedLayer } = await readCall(req.raw, name);
    const session = method.requiresAuth ? await this.authenticate(req) : undefined;
    const parsed = method.params.safeParse(params);
    if (!parsed.success) throw paramError(parsed.error, method.params);
    const layer = await this.layerOf(session, statedLayer);
    // The layer the call is served in, so a client can see what its session keeps.
    reply.header('X-TL-Layer', String(layer));
    const clientAddress = req.ip ?? req.raw.socket.remoteAddress ?? 'unknown';
    const call: CallContext = { userId: session?.userId ?? 0, session, clientAddress, layer, cause, deadline };
    return method.execute(parsed.data, call);
  }

  /** A stated layer holds for the session from now on; a call that states none is served in the session's (docs/api.md). */
  private async layerOf(session: SessionRef | undefined, stated: number | undefined): Promise<number> {
    if (!session) return stated ?? DEFAULT_LAYER;
    if (stated === undefined) return session.layer;
    await this.sessions.keepLayer(session, stated);
    return stated;
  }

  private async authenticate(req: FastifyRequest): Promise<SessionRef> {
    const session = await this.sessions.ofHeader(headerOf(req.raw, 'authorization'));
    if (!session) throw unauthorized();
    await this.presence.seen(session);
    return session;
  }
}

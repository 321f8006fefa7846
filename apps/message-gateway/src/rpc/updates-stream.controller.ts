import { BeforeApplicationShutdown, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CHANNELS, feedKey } from '@app/events';
import {
  AppConfig,
  CONFIG,
  FeedPage,
  FeedRow,
  componentLogger,
  inRequestContext,
  mailboxes,
  metrics,
  requestCorrelationId,
} from '@app/platform';
import { SessionRef, Sessions } from '../auth/sessions';
import { asUpdate } from '../pipeline/feed';
import { Notifications } from '../pipeline/notifications';
import { RpcError, badRequest, floodWait, unauthorized } from '@app/platform';
import { StreamSlots } from './stream-slots';
import { headerOf } from './header-of';

const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks its session: a revoked one ends within about a second. */
const SESSION_CHECK_MS = 1_000;
/** One read of the feed for a stream: the most a stream holds in memory, beside the socket's own buffer. */
const STREAM_PAGE: FeedPage = { rows: 100, bytes: 64 * 1024 };
/** Seconds a client refused for too many streams is asked to wait. */
const STREAMS_RETRY_SECONDS = 5;

const frame = (row: FeedRow) =>
  `id: ${row.pts}\nevent: update\ndata: ${JSON.stringify({ pts: row.pts, update: asUpdate(row), users: row.users })}\n\n`;

/**
 * Live updates as Server-Sent Events: `GET /v1/updates?pts=N` streams every feed entry after N
 * in pts order (an updateContactLink before the message that caused it), then follows new ones.
 * Bounded in every direction: a slot per stream (per user and per process), a page at a time,
 * writes that wait for the socket to drain, and a reader that stops reading is cut off.
 */
@Controller('v1')
export class UpdatesStreamController implements BeforeApplicationShutdown {
  /** Open streams, ended on shutdown so the HTTP server can close. */
  private readonly open = new Set<() => void>();
  private readonly slots: StreamSlots;
  private readonly logger = componentLogger('updates-stream');

  constructor(
    private readonly sessions: Sessions,
    private readonly dataSource: DataSource,
    private readonly notifications: Notifications,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = new StreamSlots(config.streams);
  }

  @Get('updates')
  stream(@Query('pts') ptsParam: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return inRequestContext(requestCorrelationId(req.raw), () => this.serve(ptsParam, req, reply));
  }

  private async serve(ptsParam: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const refuse = (error: RpcError) => {
      if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
      reply.code(error.code).send(error.toJSON());
    };
    const session = await this.sessions.ofHeader(headerOf(req.raw, 'authorization'));
    if (!session) return refuse(unauthorized());
    // Everything is checked before the headers go out: after them, an error can only end the stream.
    const { pts: current } = await mailboxes.state(this.dataSource, session.userId);
    const pts = ptsParam === undefined ? current : /^\d{1,10}$/.test(ptsParam) ? Number(ptsParam) : NaN;
    if (!(pts <= current)) return refuse(badRequest('PTS_INVALID'));
    const release = this.slots.take(session.userId);
    if (!release) return refuse(floodWait(STREAMS_RETRY_SECONDS));
    metrics.updateStreams.inc();
    // From here the stream is written to the Node response itself, for as long as it lasts.
    reply.hijack();
    const res = reply.raw;
    try {
      await this.follow(session, pts, req.raw, res);
    } catch (error) {
      this.logger.warn({ msg: 'update stream ended by an error', user_id: session.userId, error: String(error).slice(0, 200) });
    } finally {
      metrics.updateStreams.dec();
      release();
      if (!res.writableEnded) res.end();
    }
  }

  private async follow(session: SessionRef, from: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let pts = from;
    let closed = false;
    let wake: () => void = () => undefined;
    const close = () => {
      closed = true;
      wake();
    };
    const unsubscribe = this.notifications.subscribe(CHANNELS.feedAppended, feedKey(session.userId), () => wake());
    req.on('close', close);
    this.open.add(close);
    try {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      // A comment at once: the client (and any proxy) sees the stream open before the first entry.
      let wroteAt = Date.now();
      const send = async (chunk: string) => {
        wroteAt = Date.now();
        if (await this.written(res, chunk)) return true;
        if (!closed) {
          this.logger.warn({
            msg: 'update stream cut off: the reader took nothing',
            user_id: session.userId,
            waited_ms: this.config.streams.slowReaderMs,
          });
          metrics.updateStreamsCutOff.inc();
        }
        res.destroy();
        return false;
      };
      if (!(await send(': connected\n\n'))) return;
      while (!closed) {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const rows = await mailboxes.feedAfter(this.dataSource, session.userId, pts, STREAM_PAGE);
        for (const row of rows) {
          if (closed || !(await send(frame(row)))) return;
          pts = row.pts;
        }
        if (rows.length > 0) continue;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise((resolve) => (timer = setTimeout(resolve, SESSION_CHECK_MS)))]);
        clearTimeout(timer);
        if (closed || !(await this.sessions.isOpen(session))) return;
        if (Date.now() - wroteAt >= HEARTBEAT_MS && !(await send(': keep-alive\n\n'))) return;
      }
    } finally {
      this.open.delete(close);
      req.off('close', close);
      unsubscribe();
    }
  }

  /** Writes a chunk; when the socket's buffer is full, waits for it to drain, false if it does not in time or the client left. */
  private written(res: ServerResponse, chunk: string): Promise<boolean> {
    if (res.write(chunk)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        res.off('drain', drained);
        res.off('close', gone);
        resolve(ok);
      };
      const drained = () => done(true);
      const gone = () => done(false);
      const timer = setTimeout(gone, this.config.streams.slowReaderMs);
      res.once('drain', drained);
      res.once('close', gone);
    });
  }

  beforeApplicationShutdown(): void {
    this.open.forEach((close) => close());
  }
}

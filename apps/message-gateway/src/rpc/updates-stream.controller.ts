import { BeforeApplicationShutdown, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Feed, asUpdate } from '../pipeline/feed';
import { Notifications } from '../pipeline/notifications';
import { Sessions } from '../auth/sessions';
import { badRequest, unauthorized } from './rpc-error';

const HEARTBEAT_MS = 15_000;
const PAGE = 500;

/**
 * Live updates as Server-Sent Events: `GET /v1/updates?pts=N` streams every feed entry after N
 * in pts order (an updateContactLink before the message that caused it), then follows new ones.
 */
@Controller('v1')
export class UpdatesStreamController implements BeforeApplicationShutdown {
  /** Open streams, ended on shutdown so the HTTP server can close. */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly sessions: Sessions,
    private readonly feed: Feed,
    private readonly notifications: Notifications,
  ) {}

  @Get('updates')
  async stream(@Query('pts') ptsParam: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.ofHeader(req.header('authorization'));
    if (!session) return void res.status(401).json(unauthorized().toJSON());
    const userId = session.userId;
    if (ptsParam !== undefined && !/^\d{1,10}$/.test(ptsParam)) return void res.status(400).json(badRequest('PTS_INVALID').toJSON());
    let pts = ptsParam === undefined ? (await this.feed.state(userId)).pts : Number(ptsParam);

    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.flushHeaders(); // the client sees the stream open before the first entry
    let closed = false;
    let wake: () => void = () => undefined;
    const unsubscribe = this.notifications.subscribe('feed_appended', String(userId), () => wake());
    const close = () => {
      closed = true;
      wake();
    };
    req.on('close', close);
    this.open.add(close);
    try {
      while (!closed) {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const rows = await this.feed.after(userId, pts, PAGE);
        for (const row of rows) {
          res.write(`id: ${row.pts}\nevent: update\ndata: ${JSON.stringify({ pts: row.pts, update: asUpdate(row), users: row.users })}\n\n`);
          pts = row.pts;
        }
        if (rows.length === PAGE) continue;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise((resolve) => (timer = setTimeout(resolve, HEARTBEAT_MS)))]);
        clearTimeout(timer);
        if (!closed) res.write(': keep-alive\n\n');
      }
    } finally {
      this.open.delete(close);
      unsubscribe();
      res.end();
    }
  }

  beforeApplicationShutdown(): void {
    this.open.forEach((close) => close());
  }
}

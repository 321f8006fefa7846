import { Client } from 'pg';
import { componentLogger } from '../logging/component-logger';

export type NotificationHandler = (channel: string, payload: string) => void;

/** Hears the database's NOTIFY messages on some channels until closed. */
export interface NotificationListener {
  /**
   * `onGap` is called once listening resumed after the connection was lost: whatever was notified
   * meanwhile is gone, so listeners re-read what they wait for (and forget what they cached).
   */
  listen(channels: readonly string[], handler: NotificationHandler, onGap?: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Reconnect back-off after a lost LISTEN connection: from this, doubling, to at most 5 s. */
const FIRST_RETRY_MS = 100;

/** A dedicated LISTEN connection to a Postgres server, made again whenever it is lost. */
export class PgNotificationListener implements NotificationListener {
  private client?: Client;
  private closed = false;
  private readonly logger = componentLogger('notification-listener');

  constructor(private readonly databaseUrl: string) {}

  async listen(channels: readonly string[], handler: NotificationHandler, onGap: () => void = () => undefined): Promise<void> {
    await this.connect(channels, handler, () => void this.reconnect(channels, handler, onGap));
  }

  private async connect(channels: readonly string[], handler: NotificationHandler, onLost: () => void): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    let lost = false;
    const lose = () => {
      if (lost || this.closed) return;
      lost = true;
      onLost();
    };
    client.on('error', lose);
    client.on('end', lose);
    client.on('notification', ({ channel, payload }) => handler(channel, payload ?? ''));
    try {
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lost = true; // the caller decides: the first connect fails the start, a reconnect tries again
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private async reconnect(channels: readonly string[], handler: NotificationHandler, onGap: () => void): Promise<void> {
    this.logger.warn({ msg: 'LISTEN connection lost; reconnecting' });
    await this.client?.end().catch(() => undefined);
    for (let delay = FIRST_RETRY_MS; !this.closed; delay = Math.min(delay * 2, 5_000)) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      try {
        await this.connect(channels, handler, () => void this.reconnect(channels, handler, onGap));
        this.logger.info({ msg: 'LISTEN connection back' });
        onGap();
        return;
      } catch (error) {
        this.logger.warn({
          msg: 'LISTEN reconnect failed; trying again',
          retry_in_ms: Math.min(delay * 2, 5_000),
          error: String(error).slice(0, 200),
        });
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}

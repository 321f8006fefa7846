import { Client } from 'pg';

export type NotificationHandler = (channel: string, payload: string) => void;

/** Hears the database's NOTIFY messages on some channels until closed. */
export interface NotificationListener {
  listen(channels: readonly string[], handler: NotificationHandler): Promise<void>;
  close(): Promise<void>;
}

/** A dedicated LISTEN connection to a Postgres server. */
export class PgNotificationListener implements NotificationListener {
  private readonly client: Client;

  constructor(databaseUrl: string) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async listen(channels: readonly string[], handler: NotificationHandler): Promise<void> {
    await this.client.connect();
    this.client.on('notification', ({ channel, payload }) => handler(channel, payload ?? ''));
    for (const channel of channels) await this.client.query(`LISTEN ${channel}`);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

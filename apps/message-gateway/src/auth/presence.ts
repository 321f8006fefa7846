import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { componentLogger, lastSeen } from '@app/platform';
import { SessionRef } from './sessions';

/** A session's calls are recorded at most this often: last-seen costs one write a minute per active session, not one per request. */
export const RECORD_EVERY_MS = 60_000;
/** Sessions remembered per gateway process; the oldest is forgotten first beyond this (it then records once more). */
const REMEMBERED_SESSIONS = 10_000;

/** Keeps each user's last-seen time from its authenticated calls (docs/api.md, "Presence"). */
@Injectable()
export class Presence {
  /** Token hash (hex) → when this process last recorded a call of that session. */
  private readonly recordedAt = new Map<string, number>();
  private readonly logger = componentLogger('presence');

  constructor(private readonly dataSource: DataSource) {}

  /** Records a call in `session` unless one was recorded in the last minute. Presence is best effort: a failed write never fails the call. */
  async seen(session: SessionRef): Promise<void> {
    const key = session.tokenHash.toString('hex');
    const now = Date.now();
    const last = this.recordedAt.get(key);
    if (last !== undefined && now - last < RECORD_EVERY_MS) return;
    this.recordedAt.delete(key);
    if (this.recordedAt.size >= REMEMBERED_SESSIONS) this.recordedAt.delete(this.recordedAt.keys().next().value!);
    this.recordedAt.set(key, now);
    try {
      await lastSeen.record(this.dataSource, session.userId);
    } catch (error) {
      this.recordedAt.delete(key);
      this.logger.warn({ msg: 'last-seen not recorded', error: String(error).slice(0, 200) });
    }
  }
}

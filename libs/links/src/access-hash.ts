import { createHmac, timingSafeEqual } from 'node:crypto';
import { UserId } from './pair';

/**
 * The per-viewer capability for addressing a user (docs/views-by-layer.md): an HMAC of (viewer, user) under a
 * server secret, as a signed 64-bit decimal string like TL's `long`.
 */
export function accessHash(secret: string, viewer: UserId, user: UserId): string {
  const digest = createHmac('sha256', secret).update(`${viewer}:${user}`).digest();
  return digest.readBigInt64LE(0).toString();
}

export function isValidAccessHash(secret: string, viewer: UserId, user: UserId, presented: string): boolean {
  const expected = Buffer.from(accessHash(secret, viewer, user));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

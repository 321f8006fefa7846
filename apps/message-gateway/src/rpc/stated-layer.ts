import { badRequest } from '@app/platform';

/** The newest layer this server speaks: a client stating a later one is served as this one. */
export const MAX_LAYER = 3;
/** The layer of a call that states none, in a session that never stated one (or outside a session). */
export const DEFAULT_LAYER = 1;

/** The layer a stated one is served in; below 1 is LAYER_INVALID. */
export function servedLayer(stated: number): number {
  if (!Number.isInteger(stated) || stated < 1) throw badRequest('LAYER_INVALID');
  return Math.min(stated, MAX_LAYER);
}

/** The layer `X-TL-Layer` states, if it is there. */
export function layerOfHeader(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,3}$/.test(raw)) throw badRequest('LAYER_INVALID');
  return servedLayer(Number(raw));
}

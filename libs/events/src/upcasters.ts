import { EventType } from './payloads';

/** Turns the payload of one version of a type into the next version's (still unvalidated) payload. */
export type Upcaster = (payload: unknown) => unknown;

/**
 * The versioned contract: for each type whose payload changed, one step from each older version to
 * the next (`{ 1: v1 → v2 }`). A reader applies them in turn up to the current version and then
 * validates against the current schema, so events written by older writers stay readable forever.
 */
export const UPCASTERS: { readonly [T in EventType]?: Readonly<Record<number, Upcaster>> } = {
  // v2 added the name the owner saved and `registered`; a v1 import saved none (the user's own name is shown) and was a call of the owner.
  ContactImported: { 1: (payload) => payload },
};

/** The version each type is written with: one more than its upcasting steps. */
export function currentVersionOf(type: EventType): number {
  return 1 + Object.keys(UPCASTERS[type] ?? {}).length;
}

/** The payload of `version` brought to the current version, or why it cannot be. */
export function upcast(type: EventType, version: number, payload: unknown): { ok: true; payload: unknown } | { ok: false } {
  const current = currentVersionOf(type);
  if (version > current) return { ok: false };
  let upcasted = payload;
  for (let from = version; from < current; from += 1) upcasted = UPCASTERS[type]![from](upcasted);
  return { ok: true, payload: upcasted };
}

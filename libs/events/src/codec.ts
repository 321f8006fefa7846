import { Envelope, EnvelopeMeta, envelopeSchema } from './envelope';
import { EventType, PayloadOf, payloadSchemas } from './payloads';
import { currentVersionOf, upcast } from './upcasters';

/** The version each event type is written with; older versions are read through their upcasters (upcasters.ts). */
export const CURRENT_VERSION: Readonly<Record<EventType, number>> = Object.freeze(
  Object.fromEntries(Object.keys(payloadSchemas).map((type) => [type, currentVersionOf(type as EventType)])) as Record<EventType, number>,
);

export type DomainEvent = { [T in EventType]: Envelope<T, PayloadOf<T>> }[EventType];
export type EventOf<T extends EventType> = Envelope<T, PayloadOf<T>>;

export type DecodeResult = { ok: true; event: DomainEvent } | { ok: false; reason: string };

/**
 * The most an encoded event may take: half the broker's default message.max.bytes (1 MiB), so an
 * event always fits a produce request, with its headers, on any broker this runs against.
 */
export const MAX_EVENT_BYTES = 512 * 1024;
/**
 * A LinkChanged carries its MessageSent plus at most two views and the recipients (at most 200
 * ids): this much room is kept for that, so the LinkChanged of any MessageSent that fits fits too.
 */
export const LINK_CHANGED_ROOM = 16 * 1024;

const limitOf = (type: EventType) => (type === 'MessageSent' ? MAX_EVENT_BYTES - LINK_CHANGED_ROOM : MAX_EVENT_BYTES);

/** An event larger than its type may be; nothing over the limit is ever built. */
export class EventTooLarge extends Error {
  constructor(
    readonly type: EventType,
    readonly bytes: number,
  ) {
    super(`${type} of ${bytes} bytes is over its limit of ${limitOf(type)}`);
  }
}

/** Each event's encoding, made once when the event is built (the size check needs it; the outbox and the log reuse it). */
const encodings = new WeakMap<object, Buffer>();

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(payloadSchemas, type);
}

/**
 * Builds a validated event; a payload that breaks its schema is a programming error here, and an
 * event over its size limit is refused with EventTooLarge (callers turn that into a named error).
 */
export function makeEvent<T extends EventType>(type: T, payload: PayloadOf<T>, meta: EnvelopeMeta): EventOf<T> {
  const parsed = payloadSchemas[type].safeParse(payload);
  if (!parsed.success)
    throw new TypeError(`invalid ${type} payload: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const event = { type, version: CURRENT_VERSION[type], ...meta, payload: parsed.data as PayloadOf<T> };
  const encoded = Buffer.from(JSON.stringify(event));
  if (encoded.length > limitOf(type)) throw new EventTooLarge(type, encoded.length);
  encodings.set(event, encoded);
  return event;
}

export function encodeEvent(event: DomainEvent): Buffer {
  return encodings.get(event) ?? Buffer.from(JSON.stringify(event));
}

/** Decodes and validates an event from the log; never throws, so a consumer can dead-letter it. */
export function decodeEvent(raw: Buffer | string | null): DecodeResult {
  if (raw === null) return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `bad envelope: ${describe(envelope.error.issues)}` };
  const { type, version } = envelope.data;
  if (!isEventType(type)) return { ok: false, reason: `unknown event type ${JSON.stringify(type).slice(0, 80)}` };
  const upcasted = upcast(type, version, envelope.data.payload);
  if (!upcasted.ok) return { ok: false, reason: `unsupported ${type} version ${version}` };
  const payload = payloadSchemas[type].safeParse(upcasted.payload);
  if (!payload.success) return { ok: false, reason: `bad ${type} payload: ${describe(payload.error.issues)}` };
  // An upcast event is read as the current version: every reader past this point knows one shape.
  return { ok: true, event: { ...envelope.data, type, version: CURRENT_VERSION[type], payload: payload.data } as DomainEvent };
}

function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

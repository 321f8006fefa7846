/**
 * What a log line must never carry: session tokens, login codes, phone_code_hash, phone numbers
 * (the user's, imported ones, contact cards') and the deployment's secrets. Two layers: the fields
 * known to hold them are censored by name (pino's redact), and every other string is scrubbed of
 * what looks like one, for the free text that errors and client libraries bring (README "Operations").
 */
export const CENSORED = '[redacted]';

const SENSITIVE_FIELDS = [
  'token',
  'authorization',
  'phone',
  'phones',
  'phone_number',
  'phone_code',
  'phone_code_hash',
  'login_code',
  'secret',
  'access_hash_secret',
];

/** pino `redact` paths: each sensitive field at the top of a line and one level down (`req.headers.authorization` too). */
export const REDACTED_PATHS = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((field) => `*.${field}`), 'req.headers.authorization'];

/** Fields that hold identifiers the system (or kafkajs) makes itself; scrubbing them would only hide where a line belongs. */
const IDENTIFIER_FIELDS = new Set([
  'time',
  'level',
  'service',
  'context',
  'correlation_id',
  'trace_id',
  'span_id',
  'offset',
  'groupId',
  'memberId',
  'clientId',
]);

const FREE_TEXT_PATTERNS: readonly [RegExp, string][] = [
  // `Authorization: Bearer <token>` as a client library or an error message may quote it.
  [/\bBearer\s+\S+/gi, `Bearer ${CENSORED}`],
  // A session token: 32 random bytes in base64url, 43 characters on their own (a longer run, such as a
  // kafkajs member id, is a name and a UUID).
  [/(?<![\w-])[\w-]{43}(?![\w-])/g, CENSORED],
  // Without boundaries from here: a hash or a phone glued to other text is still one.
  // A phone_code_hash: 16 random bytes in hex.
  [/[0-9a-f]{32}/gi, CENSORED],
  // A phone number: 7 to 15 digits, with or without a leading +.
  [/\+?\d{7,15}/g, CENSORED],
];

/** `text` with the secrets given and whatever looks like a token, a phone_code_hash or a phone replaced. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret) scrubbed = scrubbed.split(secret).join(CENSORED);
  for (const [pattern, replacement] of FREE_TEXT_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

const MAX_DEPTH = 6;

/**
 * A log call's argument with every string scrubbed (identifier fields kept), errors turned into
 * plain `{ type, message, stack }` so their text is scrubbed too. The argument itself is not changed.
 */
export function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (value instanceof Error) {
    return scrubValue({ type: value.name, message: value.message, stack: value.stack }, secrets, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, IDENTIFIER_FIELDS.has(key) ? item : scrubValue(item, secrets, depth + 1)]),
  );
}

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a test's clients sent or were given that no log line may carry: session tokens, phones
 * (own, imported, on contact cards), login codes and phone_code_hashes. ApiClient records them as
 * they pass; `logLeaks` then looks for each in every line every process of a stack wrote.
 */
const witnessed = new Set<string>();

/** The fields that carry one, and what a real one looks like (a fuzzer's `"x"` in a phone field is no phone). */
const SECRET_FIELDS: Record<string, RegExp> = {
  token: /^[\w-]{20,}$/,
  phone: /^\+?\d{7,15}$/,
  phone_number: /^\+?\d{7,15}$/,
  phone_code: /^\d{5}$/,
  phone_code_hash: /^[0-9a-f]{16,}$/,
};

/** Records the secrets anywhere in a request or response body. */
export function witness(value: unknown, key?: string): void {
  if (typeof value === 'string' && key && SECRET_FIELDS[key]?.test(value)) witnessed.add(value);
  else if (Array.isArray(value)) value.forEach((item) => witness(item, key));
  else if (typeof value === 'object' && value !== null) Object.entries(value).forEach(([field, item]) => witness(item, field));
}

export function witnessToken(token: string | undefined): void {
  witness(token, 'token');
}

export function witnessedSecrets(): string[] {
  return [...witnessed];
}

/** Digits only match as a whole number (not inside a longer one, nor as a port after `:`). */
function pattern(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return /^\+?\d+$/.test(secret) ? new RegExp(`(?<![\\d:])${escaped}(?!\\d)`) : new RegExp(escaped);
}

/** Every line in `logDir` (one file per process), and each `secrets` occurrence in them as `secret in file: line`. */
export function logLeaks(logDir: string, secrets: readonly string[]): { lines: number; leaks: string[] } {
  const patterns = secrets.map((secret) => [secret, pattern(secret)] as const);
  const leaks: string[] = [];
  let lines = 0;
  for (const file of readdirSync(logDir)) {
    for (const line of readFileSync(join(logDir, file), 'utf8').split('\n').filter(Boolean)) {
      lines++;
      for (const [secret, found] of patterns) if (found.test(line)) leaks.push(`${secret} in ${file}: ${line.slice(0, 300)}`);
    }
  }
  return { lines, leaks };
}

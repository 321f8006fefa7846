import { IncomingMessage } from 'node:http';
import { badRequest } from '@app/platform';

/** Room for the largest valid call: an import of 1,000 contacts, each with a long name in any script. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON body; oversize or malformed input is a named 400, never a 500. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw badRequest('REQUEST_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('JSON_INVALID');
  }
}

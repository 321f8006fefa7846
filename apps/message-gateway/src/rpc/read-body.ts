import { IncomingMessage } from 'node:http';
import { badRequest } from '@app/platform';

/** Room for the largest valid call: an import of 1,000 contacts, each with a long name in any script. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body; one larger than MAX_BODY_BYTES is a named 400 before more of it is held. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw badRequest('REQUEST_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

import { TestUser } from './api-client';

/** One entry of a user's updates feed, as the SSE stream shows it. */
export interface FeedEntry {
  readonly pts: number;
  readonly kind: 'link' | 'message';
  readonly body: any;
}

/**
 * The user's whole feed in pts order, read through the API (`GET /v1/updates?pts=0`, up to the
 * pts `updates.getState` reports), so it works whatever database the system runs on.
 */
export async function readFeed(user: TestUser): Promise<FeedEntry[]> {
  const { pts: last } = await user.ok('updates.getState', {});
  if (last === 0) return [];
  const abort = new AbortController();
  const response = await fetch(`${user.api.baseUrl}/v1/updates?pts=0`, {
    headers: { authorization: `Bearer ${user.token}` },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`updates stream answered ${response.status}`);
  const entries: FeedEntry[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      const events = buffered.split('\n\n');
      buffered = events.pop() ?? '';
      for (const event of events) {
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const { pts, update } = JSON.parse(data.slice('data: '.length));
        entries.push(
          update._ === 'updateNewMessage' ? { pts, kind: 'message', body: update.message } : { pts, kind: 'link', body: update },
        );
      }
      if (entries.length > 0 && entries[entries.length - 1].pts >= last) return entries;
    }
  } finally {
    abort.abort();
  }
  throw new Error(`updates stream ended before pts ${last}`);
}

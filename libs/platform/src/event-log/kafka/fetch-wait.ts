/**
 * How long the broker may hold a consumer's fetch open when it has nothing new, for every client.
 * The broker answers as soon as one record arrives (min bytes 1), so this does not delay delivery:
 * it only sets how often an idle consumer asks again. 50 ms (before 2026-12-07) made every idle
 * consumer fetch 20 times a second; at 500 ms (the Java consumer's default) the pipeline's idle CPU
 * fell by about a third with send latency unchanged (bench/README "Idle consumers").
 */
export const FETCH_MAX_WAIT_MS = 500;

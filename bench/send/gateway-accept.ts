import { Stack } from '../../test/support/stack';
import { cpuMsPer, sampleCpu } from '../lib/cpu-time';
import { JsonHttp } from '../lib/json-http';
import { benchKafka, topicSize } from '../lib/kafka';
import { runOpenLoop } from '../lib/open-loop';
import { sleep } from '../lib/processes';
import { SendMix } from './send-mix';

/** One offered rate of the accept run. */
export interface AcceptStep {
  readonly rate: number;
  readonly offered: number;
  /** MessageSent records that reached the events topic. */
  readonly logged: number;
  /** Replies other than the expected 503 RESULT_TIMEOUT. */
  readonly unexpected: number;
  /** CPU the gateway process used, in cores (CPU seconds per second of the run). */
  readonly gatewayCores: number;
}

/** How fast one gateway takes sends in: authenticated, checked, recorded and in the log, the result not awaited. */
export interface GatewayAccept {
  readonly steps: readonly AcceptStep[];
  /** The highest offered rate of which (almost) every send reached the log; 0 if none did. */
  readonly rate: number;
  /** That rate per core the gateway used at it. */
  readonly perCore: number;
}

/** Offered rates, doubling until the gateway falls behind. */
const RATES = [125, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000];
const ANSWER_DEADLINE_MS = 100;
/** A rate is kept up with when this share of its sends reached the log. */
const KEPT_UP = 0.99;

/**
 * With the consumers stopped, a gateway of its own with a 100 ms answer deadline (SEND_TIMEOUT_MS)
 * takes open-loop sends at doubling rates: each is recorded and appended, then answered 503
 * RESULT_TIMEOUT. Open loop, because a closed loop would send again at each deadline while the
 * abandoned work still runs. Counts what reached the events topic per rate. Last on a target: it
 * stops the target's consumers.
 */
export async function measureAccept(stack: Stack, mix: SendMix, seconds: number): Promise<GatewayAccept> {
  await stack.service('link-projector').stop('SIGTERM');
  await stack.service('result-assembler').stop('SIGTERM');
  const gateway = await stack.add('message-gateway', { SEND_TIMEOUT_MS: String(ANSWER_DEADLINE_MS) });
  const http = new JsonHttp(gateway.url, 4096);
  const kafka = benchKafka('bench-accept');
  const logSize = () => topicSize(kafka, `${stack.topicPrefix}.events`);
  const roles = { gateway: () => [gateway.process!.pid!] };
  const steps: AcceptStep[] = [];
  try {
    for (const rate of RATES) {
      const before = { logged: await logSize(), cpu: sampleCpu(roles), at: Date.now() };
      let unexpected = 0;
      const samples = await runOpenLoop({
        rate,
        seconds,
        graceMs: 5_000,
        fire: async () => {
          const { token, params } = mix.next();
          const reply = await http.call('messages.sendMessage', params, { token });
          const expected = reply.status === 503 && reply.body?.error_message === 'RESULT_TIMEOUT';
          if (!expected) unexpected += 1;
          return { ok: expected, linkChanged: false };
        },
      });
      const logged = (await settledSize(logSize)) - before.logged;
      const busySeconds = (Date.now() - before.at) / 1000;
      const gatewayCores = cpuMsPer(before.cpu, sampleCpu(roles), 1).gateway / 1000 / busySeconds;
      steps.push({ rate, offered: samples.length, logged, unexpected, gatewayCores });
      if (logged < KEPT_UP * samples.length) break;
    }
  } finally {
    http.close();
  }
  const kept = steps.filter((s) => s.logged >= KEPT_UP * s.offered).pop();
  return { steps, rate: kept?.rate ?? 0, perCore: kept ? kept.rate / kept.gatewayCores : 0 };
}

/** The topic's size once it stopped growing for a second (abandoned work finishing), within 20 s. */
async function settledSize(size: () => Promise<number>): Promise<number> {
  let last = await size();
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    await sleep(1_000);
    const now = await size();
    if (now === last) return now;
    last = now;
  }
  return last;
}

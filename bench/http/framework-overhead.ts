import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { cpuMsPer, sampleCpu } from '../lib/cpu-time';
import { JsonHttp } from '../lib/json-http';
import { runOpenLoop } from '../lib/open-loop';
import { freePort } from '../../test/support/stack';
import { Framework } from './framework-app';

/** One framework at one offered rate: what its process spent per answered call. */
export interface FrameworkRun {
  readonly framework: Framework;
  readonly rate: number;
  readonly answered: number;
  readonly errors: number;
  /** CPU of the app's process (user + system) per answered call, microseconds. */
  readonly cpuUsPerCall: number;
}

const READY_WITHIN_MS = 60_000;

async function startApp(framework: Framework): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'framework-app.js'), framework], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${framework} probe app not ready within ${READY_WITHIN_MS} ms`)), READY_WITHIN_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${framework} probe app exited with ${code}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

/** SIGTERM (a profiling preload writes its profile then), SIGKILL should it linger. */
async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The framework's own cost per API call, gateway-shaped (framework-app.ts), at fixed offered
 * rates after a warm-up: the same logging context, the same body handling, nothing else.
 */
export async function measureFramework(framework: Framework, rates: readonly number[], seconds: number): Promise<FrameworkRun[]> {
  const { child, baseUrl } = await startApp(framework);
  const http = new JsonHttp(baseUrl, 256);
  const roles = { app: () => [child.pid!] };
  const params = { peer: { _: 'inputPeerUser', user_id: 42, access_hash: '1234567890' }, message: 'hello there', random_id: '1' };
  try {
    const fire = async () => {
      const reply = await http.call('messages.sendMessage', params);
      return { ok: reply.status === 200, linkChanged: false };
    };
    await runOpenLoop({ rate: Math.min(...rates), seconds: 3, graceMs: 10_000, fire });
    const runs: FrameworkRun[] = [];
    for (const rate of rates) {
      const before = sampleCpu(roles);
      const samples = await runOpenLoop({ rate, seconds, graceMs: 10_000, fire });
      const answered = samples.filter((s) => s.ok).length;
      const cpu = cpuMsPer(before, sampleCpu(roles), Math.max(1, answered));
      runs.push({ framework, rate, answered, errors: samples.length - answered, cpuUsPerCall: cpu.app * 1000 });
    }
    return runs;
  } finally {
    http.close();
    await stopApp(child);
  }
}

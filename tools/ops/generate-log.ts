#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { DomainEvent, EnvelopeMeta, eventKey, makeEvent } from '@app/events';
import { EventPublisher, createDataSource, migrate } from '@app/platform';
import { OpsContext, openOpsContext } from './ops-context';
import { opsFailure } from './ops-failure';
import { Progress } from './progress';
import { count, duration, note, print } from './terminal';

/**
 * Writes a synthetic but valid event log (registrations, imports, deletes, blocks, chats and
 * private messages among many users) with the services' idempotent producer, to measure replay.
 * Deterministic for a seed, except event ids.
 */

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

class SyntheticLog {
  private readonly random: () => number;
  private readonly imports: [number, number][] = [];
  private readonly blocks: [number, number][] = [];
  private clock = Date.parse('2025-01-01T00:00:00Z');
  private chats = 0;
  private sequence = 0;

  constructor(
    private readonly users: number,
    seed: number,
  ) {
    this.random = prng(seed);
  }

  private meta(): EnvelopeMeta {
    this.clock += 1 + Math.floor(this.random() * 50);
    this.sequence += 1;
    return {
      event_id: randomUUID(),
      occurred_at: new Date(this.clock).toISOString(),
      correlation_id: `bench-${this.sequence}`,
      causation_id: `bench-${this.sequence}`,
    };
  }

  private user(): number {
    return 100_000 + Math.floor(this.random() * this.users);
  }

  private pair(): [number, number] {
    const a = this.user();
    let b = this.user();
    while (b === a) b = this.user();
    return [a, b];
  }

  private pick<T>(list: T[]): T | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.random() * list.length)];
  }

  registration(i: number): DomainEvent {
    return makeEvent(
      'UserRegistered',
      { user_id: 100_000 + i, phone: `1555${String(i).padStart(8, '0')}`, first_name: `User${i}`, last_name: '' },
      this.meta(),
    );
  }

  /** One event of the mix: mostly messages and imports, some deletes, blocks and chats. */
  next(): DomainEvent {
    const roll = this.random();
    if (roll < 0.3) {
      const [owner_id, contact_id] = this.pair();
      this.imports.push([owner_id, contact_id]);
      return makeEvent('ContactImported', { owner_id, contact_id }, this.meta());
    }
    if (roll < 0.85) {
      // Half the messages go along an import, so the link rule reveals phones.
      const [sender_id, recipient] = this.random() < 0.5 ? (this.pick(this.imports) ?? this.pair()) : this.pair();
      const [from, to] = this.random() < 0.5 ? [sender_id, recipient] : [recipient, sender_id];
      return this.message(from, { kind: 'user', user_id: to });
    }
    if (roll < 0.9) {
      const [owner_id, contact_id] = this.pick(this.imports) ?? this.pair();
      return makeEvent('ContactDeleted', { owner_id, contact_id }, this.meta());
    }
    if (roll < 0.94) {
      const [owner_id, target_id] = this.pair();
      this.blocks.push([owner_id, target_id]);
      return makeEvent('UserBlocked', { owner_id, target_id }, this.meta());
    }
    if (roll < 0.96) {
      const [owner_id, target_id] = this.pick(this.blocks) ?? this.pair();
      return makeEvent('UserUnblocked', { owner_id, target_id }, this.meta());
    }
    if (roll < 0.98 || this.chats === 0) {
      this.chats += 1;
      const [creator_id, other] = this.pair();
      return makeEvent(
        'ChatCreated',
        { chat_id: this.chats, creator_id, title: `chat ${this.chats}`, member_ids: [creator_id, other] },
        this.meta(),
      );
    }
    return this.message(this.user(), { kind: 'chat', chat_id: 1 + Math.floor(this.random() * this.chats) });
  }

  private message(sender_id: number, peer: { kind: 'user'; user_id: number } | { kind: 'chat'; chat_id: number }): DomainEvent {
    const random_id = String(this.sequence);
    const date = Math.floor(this.clock / 1000);
    return makeEvent(
      'MessageSent',
      {
        sender_id,
        random_id,
        method: 'messages.sendMessage',
        layer: 3,
        peer,
        date,
        items: [{ content: { kind: 'text', text: `message ${random_id}` } }],
      },
      this.meta(),
    );
  }
}

interface GenerateOptions {
  readonly events: number;
  readonly users: number;
  readonly malformed: number;
  readonly seed: number;
  readonly migrate?: boolean;
}

async function generate(options: GenerateOptions): Promise<void> {
  // A fresh embedded folder is fine here: the log it writes is what the server will start on.
  const ctx = await openOpsContext(process.env, { create: true });
  try {
    await writeLog(ctx, options);
  } finally {
    await ctx.close();
  }
}

async function writeLog(ctx: OpsContext, options: GenerateOptions): Promise<void> {
  if (options.migrate && ctx.log.kind === 'kafka') {
    const dataSource = await createDataSource(ctx.config.databaseUrl, 1).initialize();
    await migrate(dataSource);
    await dataSource.destroy();
  }
  await ctx.log.ensureTopics();
  const publisher = new EventPublisher(ctx.log);
  const log = new SyntheticLog(options.users, options.seed);
  const topic = ctx.config.topics.events;
  const progress = new Progress('generate', options.events);
  const started = Date.now();
  let batch: DomainEvent[] = [];
  for (let i = 0; i < options.events; i += 1) {
    batch.push(i < options.users ? log.registration(i) : log.next());
    if (batch.length === 5_000 || i === options.events - 1) {
      await publisher.publish(batch.map((event) => ({ topic, key: eventKey(event), event })));
      progress.advance(batch.length);
      batch = [];
    }
  }
  if (options.malformed > 0) {
    const junk = Array.from({ length: options.malformed }, (_, i) => ({
      key: null,
      value: Buffer.from(i % 2 ? '{not json' : '{"type":"Nope"}'),
      headers: {},
    }));
    await ctx.log.append(junk.map((record) => ({ topic, ...record })));
  }
  progress.finish();
  print(
    `generated ${count(options.events)} events (+${options.malformed} malformed) among ${count(options.users)} users into ${topic} in ${duration((Date.now() - started) / 1000)}`,
  );
}

const program = new Command('generate-log')
  .description('write a synthetic event log (TOPIC_PREFIX, KAFKA_BROKERS, EVENT_PARTITIONS as for the services) to measure replay')
  .option('--events <n>', 'events to write, registrations included', Number, 100_000)
  .option('--users <n>', 'users (the first events register them)', Number, 5_000)
  .option('--malformed <n>', 'undecodable messages appended at the end', Number, 0)
  .option('--seed <n>', 'random seed of the mix', Number, 1)
  .option(
    '--migrate',
    'apply the schema migrations to DATABASE_URL first (an empty database to replay into; the embedded database migrates itself)',
  )
  .action(async (options: GenerateOptions) => {
    try {
      await generate(options);
    } catch (error) {
      note(`generate-log: ${opsFailure(error)}`);
      process.exitCode = 1;
    }
    setTimeout(() => process.exit(), 200).unref();
  });

void program.parseAsync(process.argv);

#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { openOpsContext, OpsContext } from './ops-context';
import { EXIT, ExitWith, UsageError, note } from './terminal';
import { EXIT_CODES, REPLAY_HELP } from './help-text';
import { replayCommand } from './replay/replay-command';
import { PromoteRefused } from './replay/promote';
import { historyCommand } from './pair/history-command';
import { whyCommand } from './pair/why-command';
import { lagCommand } from './lag-command';
import { opsFailure } from './ops-failure';

/** Runs a command with a fresh context and turns its outcome into the exit code. */
function run<O>(command: (ctx: OpsContext, options: O) => Promise<void>) {
  return async (options: O) => {
    let ctx: OpsContext | undefined;
    try {
      ctx = await openOpsContext();
      await command(ctx, options);
      process.exitCode = EXIT.ok;
    } catch (error) {
      if (error instanceof ExitWith) {
        process.exitCode = error.code;
      } else if (error instanceof UsageError || error instanceof PromoteRefused) {
        note(`ops: ${error.message}`);
        process.exitCode = EXIT.failed;
      } else {
        note(`ops: ${opsFailure(error)}`);
        process.exitCode = EXIT.failed;
      }
    } finally {
      await ctx?.close().catch(() => undefined);
    }
    // kafkajs can leave retry timers behind; the answer is written, so do not wait for them.
    setTimeout(() => process.exit(), 200).unref();
  };
}

function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

const program = new Command('ops')
  .description('Operator tools for contact-links: rebuild and check projections from the event log, explain links, show lag.')
  .addHelpText('after', EXIT_CODES)
  .showHelpAfterError();

program
  .command('replay')
  .description('rebuild the link projection from the event log into a shadow schema; optionally verify and promote it')
  .requiredOption('--into <schema>', 'schema to rebuild into, e.g. shadow')
  .option('--verify', 'compare the shadow with live (public); exit 2 with a row-level diff on drift')
  .option('--promote', 'make live equal to the shadow in one transaction (projector stopped; see below)')
  .addOption(new Option('--upto <position>', 'where the replay stops').choices(['end', 'projector']))
  .option('--diff-limit <rows>', 'differences listed per table', positiveInt, 20)
  .addHelpText('after', REPLAY_HELP)
  .action(run(replayCommand));

program
  .command('history')
  .description('every event that touched a pair, with both link views after each (my_link, foreign_link, user)')
  .requiredOption('--pair <A,B>', 'the two user ids')
  .option('--at <offset|time>', 'stop after this offset of the pair partition, or at this ISO time')
  .option('--all-partitions', "scan every partition, not just the pair key's (e.g. after adding partitions)")
  .option('--json', 'machine-readable output')
  .action(run(historyCommand));

program
  .command('why')
  .description("whether the viewer can see the subject's phone, and the event that made it so")
  .requiredOption('--viewer <id>', 'who looks')
  .requiredOption('--subject <id>', 'whose phone')
  .option('--all-partitions', "scan every partition, not just the pair key's")
  .option('--json', 'machine-readable output')
  .action(run(whyCommand));

program
  .command('lag')
  .description('lag per partition of the link-projector and result-assembler consumer groups')
  .option('--json', 'machine-readable output')
  .action(run(lagCommand));

// Piped into `head` and the like: a closed stdout ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

void program.parseAsync(process.argv);

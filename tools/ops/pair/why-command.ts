import { phoneVisible } from '@app/links';
import { OpsContext } from '../ops-context';
import { EXIT, ExitWith, note, print, printJson } from '../terminal';
import { userId } from './pair-args';
import { readPairLog } from './pair-log';
import { PairStep, describeEvent, finalState, pairHistory } from './pair-history';
import { Visibility, explainVisibility } from './phone-visibility';
import { linkSides, sends, sqlOf, users } from '@app/platform';

export interface WhyOptions {
  readonly viewer: string;
  readonly subject: string;
  readonly json?: boolean;
  readonly allPartitions?: boolean;
}

interface Reason {
  readonly kind: 'self' | 'contact' | 'reveal';
  readonly event_id?: string;
  readonly type?: string;
  readonly time?: string;
  readonly partition?: number;
  readonly offset?: string;
  readonly what?: string;
  readonly message_id?: number;
}

function reasonOf(kind: Reason['kind'], step: PairStep, messageId?: number): Reason {
  const event = step.event!;
  return {
    kind,
    event_id: event.event_id,
    type: event.type,
    time: event.occurred_at,
    partition: step.partition,
    offset: step.offset.toString(),
    what: describeEvent(event),
    message_id: messageId,
  };
}

function reasonLine(reason: Reason, viewer: number, subject: number): string {
  if (reason.kind === 'self') return `${viewer} is ${subject}`;
  const where = `${reason.type} ${reason.event_id} at ${reason.time}, partition ${reason.partition} offset ${reason.offset}`;
  if (reason.kind === 'contact') return `Contact(${viewer}, ${subject}): ${viewer} imported ${subject}'s phone — ${where}`;
  const id = reason.message_id === undefined ? '' : `, message id ${reason.message_id} in the sender's box`;
  return `Reveal(${subject} → ${viewer}): the message ${reason.what}${id} revealed it — ${where}`;
}

function whyNot(visibility: Visibility, viewer: number, subject: number): string {
  const ended = visibility.contactEnded?.event;
  const contact = ended
    ? `${viewer} deleted ${subject} from contacts (${ended.event_id} at ${ended.occurred_at})`
    : `${viewer} never imported ${subject}'s phone`;
  return `${contact}, and no message revealed ${subject}'s phone to ${viewer}`;
}

/** "Why can V see S's phone": the answer from the log, checked against the live projection. */
export async function whyCommand(ctx: OpsContext, options: WhyOptions): Promise<void> {
  const viewer = userId(options.viewer, '--viewer');
  const subject = userId(options.subject, '--subject');
  let visibility: Visibility = { visible: true, self: true };
  const reasons: Reason[] = [];
  let live: { visible: boolean; revealed_by: string | null } = { visible: true, revealed_by: null };
  if (viewer === subject) {
    reasons.push({ kind: 'self' });
  } else {
    const log = await readPairLog(ctx, viewer, subject, options.allPartitions);
    const steps = pairHistory(viewer, subject, log.records);
    visibility = explainVisibility(finalState(viewer, subject, steps), steps, viewer, subject);
    await ctx.withDb(async (client) => {
      const db = sqlOf(client);
      if (visibility.contact) reasons.push(reasonOf('contact', visibility.contact));
      if (visibility.reveal)
        reasons.push(reasonOf('reveal', visibility.reveal, await sends.senderMessageId(db, visibility.reveal.event!.event_id)));
      const known = await users.profiles(db, [viewer, subject]);
      for (const id of [viewer, subject]) if (!known.some((u) => u.id === id)) note(`note: user ${id} is not in the live users table`);
      const pair = await linkSides.revealOf(db, viewer, subject);
      live = { visible: phoneVisible(pair.state, viewer, subject), revealed_by: pair.revealedBy };
    });
  }
  const revealId = visibility.reveal?.event?.event_id ?? null;
  const agrees = live.visible === visibility.visible && (viewer === subject || live.revealed_by === revealId);
  if (options.json) {
    printJson({ viewer, subject, visible: visibility.visible, reasons, live, live_agrees: agrees });
  } else {
    print(`can ${viewer} see ${subject}'s phone? ${visibility.visible ? 'yes' : 'no'}`);
    if (visibility.visible) for (const reason of reasons) print(`  because ${reasonLine(reason, viewer, subject)}`);
    else print(`  because ${whyNot(visibility, viewer, subject)}`);
    if (agrees)
      print(`live projection agrees${live.revealed_by ? ` (link_sides ${subject}→${viewer} revealed_by ${live.revealed_by})` : ''}`);
    else
      print(
        `DRIFT: the live projection says ${live.visible ? 'visible' : 'not visible'} (revealed_by ${live.revealed_by ?? 'none'}), the log says ${visibility.visible ? 'visible' : 'not visible'} (reveal ${revealId ?? 'none'}); see replay --verify`,
      );
  }
  if (!agrees) throw new ExitWith(EXIT.drift);
}

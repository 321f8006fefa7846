import { PairState, phoneVisible, sideOf } from '@app/links';
import { PairStep } from './pair-history';

/** phoneVisible(viewer, subject) of docs/link-rules.md with the events that make it true. */
export interface Visibility {
  readonly visible: boolean;
  readonly self: boolean;
  /** The import that made Contact(viewer, subject) hold, if it holds. */
  readonly contact?: PairStep;
  /** The message that revealed subject's phone to viewer (Reveal(subject → viewer)), if any. */
  readonly reveal?: PairStep;
  /** The delete that ended an earlier contact, if the contact does not hold now. */
  readonly contactEnded?: PairStep;
}

export function explainVisibility(state: PairState, steps: readonly PairStep[], viewer: number, subject: number): Visibility {
  if (viewer === subject) return { visible: true, self: true };
  let contact: PairStep | undefined;
  let contactEnded: PairStep | undefined;
  let reveal: PairStep | undefined;
  for (const step of steps.filter((s) => s.status === 'applied')) {
    const [had, has] = [sideOf(step.before, viewer).hasContact, sideOf(step.after, viewer).hasContact];
    if (!had && has) [contact, contactEnded] = [step, undefined];
    if (had && !has) [contact, contactEnded] = [undefined, step];
    if (!sideOf(step.before, subject).phoneRevealed && sideOf(step.after, subject).phoneRevealed) reveal = step;
  }
  return { visible: phoneVisible(state, viewer, subject), self: false, contact, reveal, contactEnded };
}

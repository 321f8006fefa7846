import { DomainEvent, encodeEvent } from '@app/events';
import { pairKey } from '@app/links';
import { LogRecord } from '@app/platform';
import { events as sample } from '../../../libs/events/test/sample-events';
import { finalState, pairHistory } from './pair-history';
import { explainVisibility } from './phone-visibility';

const { imports, deletes } = sample;
const message = (sender_id: number, user_id: number) => sample.writes(sender_id, { kind: 'user', user_id });

function log(...events: DomainEvent[]): LogRecord[] {
  return events.map((event, i) => ({ partition: 0, offset: BigInt(i), key: pairKey(1, 2), value: encodeEvent(event), headers: {} }));
}

describe('pair history and why, folded from the log', () => {
  const imported = imports(1, 2);
  const sent = message(1, 2);
  const records = [...log(imported, sent), { partition: 0, offset: 2n, key: pairKey(1, 2), value: Buffer.from('nope'), headers: {} }];

  it('lists each event with the state after it; --at an offset stops there', () => {
    const steps = pairHistory(1, 2, records);
    expect(steps.map((s) => s.status)).toEqual(['applied', 'applied', 'malformed']);
    expect(pairHistory(1, 2, records, { offset: 0n })).toHaveLength(1);
  });

  it('names the revealing message and the import', () => {
    const steps = pairHistory(1, 2, records);
    const state = finalState(1, 2, steps);
    expect(explainVisibility(state, steps, 2, 1)).toMatchObject({ visible: true, reveal: { event: { event_id: sent.event_id } } });
    expect(explainVisibility(state, steps, 1, 2)).toMatchObject({ visible: true, contact: { event: { event_id: imported.event_id } } });
  });

  it('a deleted contact no longer explains anything, the delete is reported instead', () => {
    const removed = deletes(1, 2);
    const steps = pairHistory(1, 2, log(imported, removed));
    const visibility = explainVisibility(finalState(1, 2, steps), steps, 1, 2);
    expect(visibility).toMatchObject({ visible: false, contactEnded: { event: { event_id: removed.event_id } } });
    expect(visibility.contact).toBeUndefined();
  });
});

import { TestUser } from '../support/api-client';
import { Stack } from '../support/stack';

describe('walking skeleton: gateway → Kafka → projector → Kafka → assembler → gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  it('a send between two new users returns messages.sentMessage after the full round trip', async () => {
    const api = stack.api();
    const ann = await TestUser.signUp(api, '4470000001', 'Ann', 1);
    const bob = await TestUser.signUp(api, '4470000002', 'Bob', 1);
    await ann.importContact(bob);

    const result = await ann.ok('messages.sendMessage', { peer: { _: 'inputPeerContact', user_id: bob.id }, message: 'hello', random_id: '1' });

    expect(result).toEqual({ _: 'messages.sentMessage', id: 1, date: expect.any(Number), pts: 1, seq: 1 });
    const ledgers = await stack.query(`SELECT consumer, count(*)::int AS n FROM processed_events GROUP BY consumer ORDER BY consumer`);
    expect(ledgers).toEqual([
      { consumer: 'link-projector', n: 4 }, // two registrations, the import, the message
      { consumer: 'result-assembler', n: 1 }, // the message's LinkChanged
    ]);
    const difference = await bob.ok('updates.getDifference', { pts: 0 });
    expect(difference.new_messages).toEqual([expect.objectContaining({ _: 'message', from_id: ann.id, message: 'hello', out: false })]);
  });
});

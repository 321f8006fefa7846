import { SendMethod, resultCarriesLinks, sendResultConstructor } from './send-result';

describe('the sender’s result constructor (docs/views-by-layer.md)', () => {
  const table: [SendMethod, string, string][] = [
    ['messages.sendMessage', 'messages.sentMessage', 'messages.sentMessageLink'],
    ['messages.sendMedia', 'messages.statedMessage', 'messages.statedMessageLink'],
    ['messages.forwardMessages', 'messages.statedMessages', 'messages.statedMessagesLinks'],
    ['messages.forwardMessage', 'messages.statedMessage', 'messages.statedMessageLink'],
    ['messages.sendBroadcast', 'messages.statedMessages', 'messages.statedMessagesLinks'],
  ];

  describe.each(table)('%s', (method, plain, withLinks) => {
    it.each([
      [1, 0, plain],
      [1, 1, plain],
      [2, 1, plain],
      [3, 0, plain],
      [3, 1, withLinks],
      [4, 2, withLinks],
    ])('layer %i with %i changed sender views → %s', (layer, changed, expected) => {
      expect(sendResultConstructor(method, layer, changed)).toBe(expected);
    });

    it('only the *Link constructor carries links', () => {
      expect([resultCarriesLinks(plain), resultCarriesLinks(withLinks)]).toEqual([false, true]);
    });
  });
});

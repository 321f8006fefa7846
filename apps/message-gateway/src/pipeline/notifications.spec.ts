import { DataSource } from 'typeorm';
import { AppConfig, Infrastructure, NotificationListener, loadConfig } from '@app/platform';
import { Notifications } from './notifications';

type Handler = (channel: string, payload: string) => void;

/** The waiting logic alone: notifications are delivered by hand instead of by a LISTEN connection. */
async function notificationsWithHandDelivery(): Promise<{ notifications: Notifications; deliver: Handler; gap: () => void }> {
  let handler: Handler = () => undefined;
  let gap = () => undefined as void;
  const listener: NotificationListener = {
    async listen(_channels, onNotification, onGap) {
      handler = onNotification;
      gap = onGap ?? gap;
    },
    async close() {},
  };
  const infrastructure = { notificationListener: () => listener } as unknown as Infrastructure;
  const notifications = new Notifications(loadConfig('test', 0, {}) as AppConfig, infrastructure, {} as DataSource);
  await notifications.onModuleInit();
  return { notifications, deliver: (channel, payload) => handler(channel, payload), gap: () => gap() };
}

describe('Notifications.expect', () => {
  it('keeps a notification that arrives before until() is called, without checking first', async () => {
    const { notifications, deliver } = await notificationsWithHandDelivery();
    const checks: (string | undefined)[] = [];
    const expectation = notifications.expect('send_results', '7:1');
    const state = 'assembled';
    deliver('send_results', '7:1');
    const answer = await expectation.until(Date.now() + 5_000, async () => (checks.push(state), state), false);
    expect(answer).toBe('assembled');
    expect(checks).toEqual(['assembled']);
  });

  it('checks first when asked to, and ignores other keys', async () => {
    const { notifications, deliver } = await notificationsWithHandDelivery();
    let checks = 0;
    const expectation = notifications.expect('send_results', '7:2');
    const waiting = expectation.until(Date.now() + 5_000, async () => (++checks === 2 ? 'done' : undefined));
    deliver('send_results', '7:3');
    deliver('events_applied', '7:2');
    await new Promise((resolve) => setImmediate(resolve));
    expect(checks).toBe(1);
    deliver('send_results', '7:2');
    await expect(waiting).resolves.toBe('done');
  });

  it('answers undefined at the deadline', async () => {
    const { notifications } = await notificationsWithHandDelivery();
    const started = Date.now();
    await expect(notifications.expect('events_applied', 'e1').until(started + 50, async () => undefined, false)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('answers from the detail a notification carries, without reading', async () => {
    const { notifications, deliver } = await notificationsWithHandDelivery();
    let checks = 0;
    const expectation = notifications.expect('send_results', '7:4');
    const waiting = expectation.until(
      Date.now() + 5_000,
      async () => (++checks, undefined),
      false,
      (detail) => JSON.parse(detail),
    );
    deliver('send_results', '7:4\n{"_":"messages.sentMessage","id":3}');
    await expect(waiting).resolves.toEqual({ _: 'messages.sentMessage', id: 3 });
    expect(checks).toBe(0);
  });

  it('reads when the notification came without a detail', async () => {
    const { notifications, deliver } = await notificationsWithHandDelivery();
    const expectation = notifications.expect('send_results', '7:5');
    const waiting = expectation.until(
      Date.now() + 5_000,
      async () => 'read',
      false,
      (detail) => JSON.parse(detail),
    );
    deliver('send_results', '7:5');
    await expect(waiting).resolves.toBe('read');
  });

  it('after a gap in listening, every waiter reads again, and gap listeners hear of it', async () => {
    const { notifications, gap } = await notificationsWithHandDelivery();
    let gaps = 0;
    notifications.subscribeToGaps(() => gaps++);
    let checks = 0;
    const waiting = notifications.expect('events_applied', 'e2').until(Date.now() + 5_000, async () => (++checks === 2 ? true : undefined));
    await new Promise((resolve) => setImmediate(resolve));
    gap();
    await expect(waiting).resolves.toBe(true);
    expect(gaps).toBe(1);
  });
});

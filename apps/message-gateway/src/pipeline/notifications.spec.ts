import { DataSource } from 'typeorm';
import { AppConfig, Infrastructure, NotificationListener, loadConfig } from '@app/platform';
import { Notifications } from './notifications';

type Handler = (channel: string, payload: string) => void;

/** The waiting logic alone: notifications are delivered by hand instead of by a LISTEN connection. */
async function notificationsWithHandDelivery(): Promise<{ notifications: Notifications; deliver: Handler }> {
  let handler: Handler = () => undefined;
  const listener: NotificationListener = {
    async listen(_channels, onNotification) {
      handler = onNotification;
    },
    async close() {},
  };
  const infrastructure = { notificationListener: () => listener } as unknown as Infrastructure;
  const notifications = new Notifications(loadConfig('test', 0, {}) as AppConfig, infrastructure, {} as DataSource);
  await notifications.onModuleInit();
  return { notifications, deliver: (channel, payload) => handler(channel, payload) };
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
});

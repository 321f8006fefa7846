import { ONLINE_SECONDS, statusExpires, visibleStatus } from './user-status';

const NOW = 1_700_000_000;
const seen = (kind: Parameters<typeof visibleStatus>[0]['kind'], lastSeen: number | undefined, blockedBySubject = false) =>
  visibleStatus({ kind, blockedBySubject, lastSeen, now: NOW });

describe('visibleStatus: the presence a viewer is shown', () => {
  it('given a contact that called a minute ago, then it is online until five minutes after that call', () => {
    expect(seen('userContact', NOW - 60)).toEqual({ _: 'userStatusOnline', expires: NOW - 60 + ONLINE_SECONDS });
  });

  it('given a call longer ago than the online window, then it shows when the user was last online', () => {
    expect(seen('userRequest', NOW - ONLINE_SECONDS)).toEqual({ _: 'userStatusOffline', was_online: NOW - ONLINE_SECONDS });
  });

  it('shows one’s own status', () => {
    expect(seen('userSelf', NOW)).toMatchObject({ _: 'userStatusOnline' });
  });

  it.each(['userForeign', 'userDeleted'] as const)('hides it from a viewer who sees %s (no phone, no presence)', (kind) => {
    expect(seen(kind, NOW)).toEqual({ _: 'userStatusEmpty' });
  });

  it('hides it from someone the subject blocked, even a contact', () => {
    expect(seen('userContact', NOW, true)).toEqual({ _: 'userStatusEmpty' });
  });

  it('is empty for a user who never called', () => {
    expect(seen('userContact', undefined)).toEqual({ _: 'userStatusEmpty' });
  });
});

describe('statusExpires: contactStatus.expires', () => {
  it('is the end of the online window, the last time online, or nothing', () => {
    expect(statusExpires({ _: 'userStatusOnline', expires: 9 })).toBe(9);
    expect(statusExpires({ _: 'userStatusOffline', was_online: 7 })).toBe(7);
    expect(statusExpires({ _: 'userStatusEmpty' })).toBeUndefined();
  });
});

import { CodeAttempt, codeHmac, judgeAttempt, newLoginCode, sameHmac, testNumberCode } from './login-code';

const fresh: CodeAttempt = { attempts: 1, used: false, expired: false, matches: true, secondsLeft: 120 };

describe('testNumberCode', () => {
  it.each([
    ['9996611234', '11111'],
    ['9996600000', '00000'],
    ['9996699999', '99999'],
  ])('%s signs in with %s', (phone, code) => expect(testNumberCode(phone)).toBe(code));

  it.each(['999661123', '99966112345', '9996511234', '19996611234', '4479000000'])('%s is not a test number', (phone) => {
    expect(testNumberCode(phone)).toBeUndefined();
  });
});

describe('judgeAttempt', () => {
  it.each<[string, CodeAttempt | undefined, string]>([
    ['the right code in time', fresh, 'ok'],
    ['a wrong code', { ...fresh, matches: false }, 'PHONE_CODE_INVALID'],
    ['an unknown hash', undefined, 'PHONE_CODE_EXPIRED'],
    ['a used code, even the right one', { ...fresh, used: true }, 'PHONE_CODE_EXPIRED'],
    ['an expired code, even the right one', { ...fresh, expired: true }, 'PHONE_CODE_EXPIRED'],
    ['the last allowed attempt', { ...fresh, attempts: 5, matches: false }, 'PHONE_CODE_INVALID'],
    ['the right code after too many attempts', { ...fresh, attempts: 6 }, 'FLOOD_WAIT'],
    ['expiry wins over too many attempts', { ...fresh, attempts: 9, expired: true }, 'PHONE_CODE_EXPIRED'],
  ])('%s', (_, attempt, expected) => {
    const verdict = judgeAttempt(attempt, 5);
    expect(verdict.ok ? 'ok' : verdict.error).toBe(expected);
  });

  it('FLOOD_WAIT lasts until the code expires, at least a second', () => {
    expect(judgeAttempt({ ...fresh, attempts: 6, secondsLeft: 73 }, 5)).toEqual({ ok: false, error: 'FLOOD_WAIT', seconds: 73 });
    expect(judgeAttempt({ ...fresh, attempts: 6, secondsLeft: 0 }, 5)).toEqual({ ok: false, error: 'FLOOD_WAIT', seconds: 1 });
  });
});

describe('codes', () => {
  it('are five random digits', () => {
    const codes = Array.from({ length: 200 }, newLoginCode);
    for (const code of codes) expect(code).toMatch(/^\d{5}$/);
    expect(new Set(codes).size).toBeGreaterThan(150);
  });

  it('are stored as an HMAC bound to the secret and the phone_code_hash', () => {
    const stored = codeHmac('secret', 'hash-1', '12345');
    expect(sameHmac(stored, codeHmac('secret', 'hash-1', '12345'))).toBe(true);
    expect(sameHmac(stored, codeHmac('secret', 'hash-1', '12346'))).toBe(false);
    expect(sameHmac(stored, codeHmac('secret', 'hash-2', '12345'))).toBe(false);
    expect(sameHmac(stored, codeHmac('other', 'hash-1', '12345'))).toBe(false);
    expect(stored.toString('hex')).not.toContain('12345');
  });
});

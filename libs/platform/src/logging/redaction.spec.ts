import fc from 'fast-check';
import { CENSORED, REDACTED_PATHS, scrubText, scrubValue } from './redaction';

const token = () => fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const phoneCodeHash = () => fc.stringMatching(/^[0-9a-f]{32}$/);
const phone = () => fc.stringMatching(/^\+?[1-9]\d{6,14}$/);
/** Text around a secret, glued to it or not. */
const around = () => fc.stringMatching(/^[\w .,:;()=+-]{0,20}$/);

describe('log redaction', () => {
  it('scrubs a session token, a phone_code_hash and a phone wherever free text carries them', () => {
    fc.assert(
      fc.property(fc.oneof(token(), phoneCodeHash(), phone()), around(), around(), (secret, before, after) => {
        // A token is told by its length, so it stands apart from other name characters; the rest may be glued.
        const text = secret.length === 43 ? `${before} ${secret} ${after}` : `${before}${secret}${after}`;
        const scrubbed = scrubText(text, []);
        expect(scrubbed).not.toContain(secret);
        expect(scrubbed).toContain(CENSORED);
      }),
    );
  });

  it('scrubs a bearer header however the token looks, and the settings secrets literally', () => {
    expect(scrubText('header Authorization: Bearer not-a-token!', [])).toBe(`header Authorization: Bearer ${CENSORED}`);
    expect(scrubText('secret=dev-only-access-hash-secret;', ['dev-only-access-hash-secret'])).toBe(`secret=${CENSORED};`);
  });

  it('keeps what operators read: short numbers, ports, ISO times, topic names', () => {
    const line = 'batch failed at partition 3 offset 42 on 127.0.0.1:9092 (test-ab.events) at 2026-12-02T06:37:01.413Z after 1500 ms';
    expect(scrubText(line, [])).toBe(line);
    const member = 'member link-projector-4b1c1e5e-3f5e-4d5c-9a2b-1e2f3a4b5c6d left';
    expect(scrubText(member, [])).toBe(member);
  });

  it('walks objects, arrays and errors, leaving the identifier fields and non-strings as they are', () => {
    const error = new Error('duplicate phone 15551234567');
    const scrubbed = scrubValue(
      {
        msg: 'import failed for +15551234567',
        correlation_id: '15551234567',
        attempt: 15551234567,
        phones: ['15551234567'],
        err: error,
      },
      [],
    ) as Record<string, any>;
    expect(scrubbed).toMatchObject({
      msg: `import failed for ${CENSORED}`,
      correlation_id: '15551234567',
      attempt: 15551234567,
      phones: [CENSORED],
      err: { type: 'Error', message: `duplicate phone ${CENSORED}` },
    });
    expect(scrubbed.err.stack).not.toContain('15551234567');
    expect(error.message).toBe('duplicate phone 15551234567');
  });

  it('names every sensitive field at the top of a line and one level down', () => {
    for (const field of ['token', 'phone', 'phone_number', 'phone_code', 'phone_code_hash', 'authorization']) {
      expect(REDACTED_PATHS).toEqual(expect.arrayContaining([field, `*.${field}`]));
    }
  });
});

import { witness, witnessToken } from './log-witness';

/** A TL-over-HTTP client as a messenger backend would use it (docs/api.md). */

/** The code a test number signs in with: 99966XYYYY → X five times. */
export function testNumberCode(phone: string): string {
  const match = /^99966(\d)\d{4}$/.exec(phone);
  if (!match) throw new Error(`${phone} is not a test number (99966XYYYY)`);
  return match[1].repeat(5);
}

function parsedOrNothing(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = any>(
    method: string,
    params: unknown,
    options: { token?: string; layer?: number; raw?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.layer !== undefined) headers['x-tl-layer'] = String(options.layer);
    const response = await fetch(`${this.baseUrl}/v1/${method}`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(params) });
    const body = (await response.json()) as T;
    // What the call carried and got back that the services must never log (test/support/log-witness.ts).
    witnessToken(options.token);
    witness(options.raw === undefined ? params : parsedOrNothing(options.raw));
    witness(body);
    return { status: response.status, body };
  }

  /** Like `call` but fails the test on anything but 200. */
  async ok<T = any>(method: string, params: unknown, options: { token?: string; layer?: number } = {}): Promise<T> {
    const { status, body } = await this.call<T>(method, params, options);
    if (status !== 200) throw new Error(`${method} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }
}

/** A signed-up user with its session, acting through one client. */
export class TestUser {
  constructor(
    readonly api: ApiClient,
    readonly id: number,
    readonly phone: string,
    readonly token: string,
    /** The layer each call states in X-TL-Layer; undefined states none, so the session's layer serves it. */
    public layer: number | undefined = 3,
  ) {}

  /** Telegram's login with a test number (99966XYYYY, code X five times; TEST_NUMBERS on): sendCode, then signUp. */
  static async signUp(api: ApiClient, phone: string, firstName: string, layer = 3): Promise<TestUser> {
    const { phone_code_hash } = await api.ok('auth.sendCode', {
      phone_number: phone,
      sms_type: 0,
      api_id: 1,
      api_hash: 'test',
      lang_code: 'en',
    });
    const auth = await api.ok('auth.signUp', {
      phone_number: phone,
      phone_code_hash,
      phone_code: testNumberCode(phone),
      first_name: firstName,
      last_name: 'Test',
    });
    return new TestUser(api, auth.user.id, phone, auth.token, layer);
  }

  /** A new session of the same account (sendCode, then signIn). */
  async signInAgain(): Promise<TestUser> {
    const { phone_code_hash } = await this.api.ok('auth.sendCode', {
      phone_number: this.phone,
      sms_type: 0,
      api_id: 1,
      api_hash: 'test',
      lang_code: 'en',
    });
    const auth = await this.api.ok('auth.signIn', { phone_number: this.phone, phone_code_hash, phone_code: testNumberCode(this.phone) });
    return new TestUser(this.api, auth.user.id, this.phone, auth.token, this.layer);
  }

  call<T = any>(method: string, params: unknown = {}): Promise<ApiResponse<T>> {
    return this.api.call<T>(method, params, { token: this.token, layer: this.layer });
  }

  ok<T = any>(method: string, params: unknown = {}): Promise<T> {
    return this.api.ok<T>(method, params, { token: this.token, layer: this.layer });
  }

  importContact(other: TestUser) {
    return this.ok('contacts.importContacts', {
      contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: other.phone, first_name: 'X', last_name: '' }],
    });
  }
}

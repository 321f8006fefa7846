import { randomInt } from 'node:crypto';

/** A minimal API client for the demo: one user with a session and a layer. */
export class DemoUser {
  private constructor(
    readonly baseUrl: string,
    readonly name: string,
    readonly id: number,
    readonly phone: string,
    private readonly token: string,
  ) {}

  /**
   * Telegram's login with a test number (99966XYYYY, whose code is X five times; the server's
   * TEST_NUMBERS must be on, as it is in development): auth.sendCode, then auth.signUp with the
   * code, on a number no one registered yet.
   */
  static async signUp(baseUrl: string, name: string): Promise<DemoUser> {
    return DemoUser.signUpWith(baseUrl, name, await freePhone(baseUrl));
  }

  /** The login on a given (unregistered) test number. */
  static async signUpWith(baseUrl: string, name: string, phone: string): Promise<DemoUser> {
    const sent = await call(baseUrl, 'auth.sendCode', codeRequest(phone));
    const auth = await call(baseUrl, 'auth.signUp', {
      phone_number: phone,
      phone_code_hash: sent.phone_code_hash,
      phone_code: phone[5].repeat(5),
      first_name: name,
      last_name: 'Demo',
    });
    return new DemoUser(baseUrl, name, auth.user.id, phone, auth.token);
  }

  call(method: string, params: unknown, layer = 3): Promise<any> {
    return call(this.baseUrl, method, params, this.token, layer);
  }
}

const codeRequest = (phone: string) => ({ phone_number: phone, sms_type: 0, api_id: 1, api_hash: 'demo', lang_code: 'en' });

/** A test number no one registered yet (auth.checkPhone says so); a taken one is skipped for another. */
export async function freePhone(baseUrl: string): Promise<string> {
  for (;;) {
    const phone = `99966${String(randomInt(0, 100_000)).padStart(5, '0')}`;
    if (!(await call(baseUrl, 'auth.checkPhone', { phone_number: phone })).phone_registered) return phone;
  }
}

async function call(baseUrl: string, method: string, params: unknown, token?: string, layer = 3): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-tl-layer': String(layer) };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/v1/${method}`, { method: 'POST', headers, body: JSON.stringify(params) });
  const body = (await response.json()) as any;
  if (response.status !== 200) throw new Error(`${method}: ${response.status} ${body.error_message ?? JSON.stringify(body)}`);
  return body;
}

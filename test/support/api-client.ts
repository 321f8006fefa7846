/** A TL-over-HTTP client as a messenger backend would use it (SPEC §5). */
export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = any>(method: string, params: unknown, options: { token?: string; layer?: number; raw?: string } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.layer !== undefined) headers['x-tl-layer'] = String(options.layer);
    const response = await fetch(`${this.baseUrl}/v1/${method}`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(params) });
    return { status: response.status, body: (await response.json()) as T };
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
    public layer = 3,
  ) {}

  static async signUp(api: ApiClient, phone: string, firstName: string, layer = 3): Promise<TestUser> {
    const auth = await api.ok('auth.signUp', { phone_number: phone, first_name: firstName, last_name: 'Test' });
    return new TestUser(api, auth.user.id, phone, auth.token, layer);
  }

  call<T = any>(method: string, params: unknown = {}): Promise<ApiResponse<T>> {
    return this.api.call<T>(method, params, { token: this.token, layer: this.layer });
  }

  ok<T = any>(method: string, params: unknown = {}): Promise<T> {
    return this.api.ok<T>(method, params, { token: this.token, layer: this.layer });
  }

  importContact(other: TestUser) {
    return this.ok('contacts.importContacts', { contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: other.phone, first_name: 'X', last_name: '' }] });
  }
}

/** A minimal API client for the demo: one user with a session and a layer. */
export class DemoUser {
  private constructor(
    readonly baseUrl: string,
    readonly name: string,
    readonly id: number,
    readonly phone: string,
    private readonly token: string,
  ) {}

  static async signUp(baseUrl: string, name: string, phone: string): Promise<DemoUser> {
    const auth = await call(baseUrl, 'auth.signUp', { phone_number: phone, first_name: name, last_name: 'Demo' });
    return new DemoUser(baseUrl, name, auth.user.id, phone, auth.token);
  }

  call(method: string, params: unknown, layer = 3): Promise<any> {
    return call(this.baseUrl, method, params, this.token, layer);
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

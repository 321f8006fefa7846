/**
 * The layer is a property of the session (docs/api.md): stated once, by header or by a binary
 * invokeWithLayerN, it holds for the session's later calls on every gateway replica.
 */
import { ApiClient, TestUser, testNumberCode } from '../support/api-client';
import { eventually } from '../support/deadline';
import { nextPhone, nextRandomId, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

/** A POST that states no layer unless `layer` is given; answers the status, the body and the layer it was served in. */
async function post(api: ApiClient, method: string, params: unknown, token?: string, layer?: number) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (layer !== undefined) headers['x-tl-layer'] = String(layer);
  const response = await fetch(`${api.baseUrl}/v1/${method}`, { method: 'POST', headers, body: JSON.stringify(params) });
  return { status: response.status, body: (await response.json()) as any, layer: Number(response.headers.get('x-tl-layer')) };
}

describe('the session keeps its layer, across gateway replicas', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ gateways: 2 });
  });
  afterAll(() => stack?.stop());

  /** A sender on layer 1 (never stated) who has `to` in contacts, so its next send to `to` changes a link (docs/scenarios.md (a)). */
  async function pair(): Promise<[TestUser, TestUser]> {
    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob'], 1);
    await a.importContact(b);
    return [a, b];
  }
  const sendWithoutLayer = (api: ApiClient, from: TestUser, to: TestUser) =>
    post(
      api,
      'messages.sendMessage',
      { peer: { _: 'inputPeerContact', user_id: to.id }, message: 'hi', random_id: nextRandomId() },
      from.token,
    );

  it('a session that never stated a layer is served in layer 1', async () => {
    const [a, b] = await pair();
    const sent = await sendWithoutLayer(stack.api(), a, b);
    expect(sent).toMatchObject({ status: 200, layer: 1, body: { _: 'messages.sentMessage' } });
  });

  it('layer 3 stated once, then calls without the header: the send that changes a link answers messages.sentMessageLink', async () => {
    const [a, b] = await pair();
    expect((await post(stack.api(), 'updates.getState', {}, a.token, 3)).layer).toBe(3);
    expect(await stack.query(`SELECT layer FROM sessions WHERE user_id = $1`, [a.id])).toEqual([{ layer: 3 }]);
    const sent = await sendWithoutLayer(stack.api(), a, b);
    expect(sent).toMatchObject({ status: 200, layer: 3, body: { _: 'messages.sentMessageLink', links: [{ user: { id: b.id } }] } });
    // Stating 1 again goes back: the layer is the last one stated.
    expect((await post(stack.api(), 'updates.getState', {}, a.token, 1)).layer).toBe(1);
    expect((await post(stack.api(), 'updates.getState', {}, a.token)).layer).toBe(1);
  });

  it('a second replica serves the session in the layer stated on the first, even after it cached the session', async () => {
    const [a, b] = await pair();
    // The second replica caches the session in layer 1 ...
    expect((await post(stack.api(1), 'updates.getState', {}, a.token)).layer).toBe(1);
    // ... the first hears layer 3 ...
    expect((await post(stack.api(0), 'updates.getState', {}, a.token, 3)).layer).toBe(3);
    // ... and the second forgets its copy on notice (as it does for a revocation).
    await eventually(
      'the second replica serving the session in layer 3',
      async () => ((await post(stack.api(1), 'updates.getState', {}, a.token)).layer === 3 ? true : undefined),
      5_000,
    );
    const sent = await sendWithoutLayer(stack.api(1), a, b);
    expect(sent).toMatchObject({ status: 200, layer: 3, body: { _: 'messages.sentMessageLink' } });
  });

  it('a session opens in the layer of the call that opens it; calls without a session use the stated layer or 1', async () => {
    const [a, b] = await pair();
    const api = stack.api();
    const code = await post(api, 'auth.sendCode', { phone_number: a.phone, sms_type: 0, api_id: 1, api_hash: 'h', lang_code: 'en' });
    expect(code).toMatchObject({ status: 200, layer: 1 });
    const checked = await post(api, 'auth.checkPhone', { phone_number: nextPhone() }, undefined, 2);
    expect(checked).toMatchObject({ status: 200, layer: 2 });
    const signIn = await post(
      api,
      'auth.signIn',
      { phone_number: a.phone, phone_code_hash: code.body.phone_code_hash, phone_code: testNumberCode(a.phone) },
      undefined,
      3,
    );
    expect(signIn).toMatchObject({ status: 200, layer: 3 });
    const sent = await sendWithoutLayer(stack.api(1), new TestUser(api, a.id, a.phone, signIn.body.token), b);
    expect(sent).toMatchObject({ status: 200, layer: 3, body: { _: 'messages.sentMessageLink' } });
    // The first session was not touched: each session has its own layer.
    expect((await post(api, 'updates.getState', {}, a.token)).layer).toBe(1);
  });

  it('a stated layer is checked before the session: bad values are LAYER_INVALID and change nothing', async () => {
    const [a] = await pair();
    for (const bad of ['0', 'three', '1000']) {
      const response = await fetch(`${stack.api().baseUrl}/v1/updates.getState`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}`, 'x-tl-layer': bad },
        body: '{}',
      });
      expect([response.status, ((await response.json()) as any).error_message]).toEqual([400, 'LAYER_INVALID']);
    }
    expect((await post(stack.api(), 'updates.getState', {}, a.token, 7)).layer).toBe(3);
    expect(await stack.query(`SELECT layer FROM sessions WHERE user_id = $1`, [a.id])).toEqual([{ layer: 3 }]);
  });
});

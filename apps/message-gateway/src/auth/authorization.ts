import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserProfile, renderUser } from '@app/links';
import type { AuthAuthorization } from '@app/tl';
import { AppConfig, CONFIG, Registration, users } from '@app/platform';
import { DeclaredRpcError, FLOOD_WAIT_N, RpcError, badRequest, floodWait } from '@app/platform';
import { CodeVerdict } from './login-code';
import { LoginCodes } from './login-codes';
import { Sessions } from './sessions';

/** The login inputs signIn and signUp share. */
export interface CodeProof {
  readonly phone_number: string;
  readonly phone_code_hash: string;
  readonly phone_code: string;
}

/** What proving a login code answers with (signIn and signUp). */
export const CODE_ERRORS = [
  'PHONE_CODE_EMPTY',
  'PHONE_CODE_INVALID',
  'PHONE_CODE_EXPIRED',
  FLOOD_WAIT_N,
] as const satisfies readonly DeclaredRpcError[];

function refusal(verdict: Exclude<CodeVerdict, { ok: true }>): RpcError {
  return verdict.error === 'FLOOD_WAIT' ? floodWait(verdict.seconds) : badRequest(verdict.error);
}

/** What signIn and signUp share: proving the code, consuming it, and opening the session they answer with. */
@Injectable()
export class Authorizations {
  constructor(
    private readonly codes: LoginCodes,
    private readonly sessions: Sessions,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks the code (one attempt counted) without using it up, so PHONE_NUMBER_(UN)OCCUPIED leaves it valid for the other method. */
  async prove(proof: CodeProof): Promise<void> {
    if (proof.phone_code === '') throw badRequest('PHONE_CODE_EMPTY');
    const verdict = await this.codes.attempt(proof.phone_number, proof.phone_code_hash, proof.phone_code);
    if (!verdict.ok) throw refusal(verdict);
  }

  /** Uses the proven code up in `db`'s transaction: a code signs in once, however many calls race for it. */
  async consume(db: EntityManager, proof: CodeProof): Promise<void> {
    if (!(await this.codes.consume(db, proof.phone_code_hash))) throw badRequest('PHONE_CODE_EXPIRED');
  }

  /** Registers the phone the proven code was sent to, using the code up in the same transaction. */
  async register(db: EntityManager, registration: CodeProof & Registration): Promise<UserProfile> {
    await this.consume(db, registration);
    const registered = await users.register(db, registration);
    if (!registered) throw badRequest('PHONE_NUMBER_OCCUPIED');
    return registered;
  }

  /**
   * Opens a session for `user` in the layer of the call that opens it, and answers auth.authorization
   * with it; `expires` is the session's real expiry.
   */
  async open(db: EntityManager, user: UserProfile, layer: number): Promise<AuthAuthorization & { token: string }> {
    const { token, expires } = await this.sessions.open(db, user.id, layer);
    return { _: 'auth.authorization', expires, user: renderUser('userSelf', user, user.id, this.config.accessHashSecret), token };
  }
}

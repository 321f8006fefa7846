import { z } from 'zod';
import { Cause } from '@app/events';
import type { TlValue } from '@app/tl';
import { SessionRef } from '../auth/sessions';

/** What a method answers: a TL object, Bool or vector of the schema (the session token beside auth.authorization is a transport addition). */
export type TlResult = TlValue;

/** Who is calling and how: the authenticated user, the client's layer, the request's id. */
export interface CallContext {
  /** The signed-in user; 0 for the methods that need no session. */
  readonly userId: number;
  /** The session of a signed-in call. */
  readonly session?: SessionRef;
  /** The client's IP address (behind TRUSTED_PROXIES hops of X-Forwarded-For), for rate limits. */
  readonly clientAddress: string;
  readonly layer: number;
  /** The request as the cause of the events it writes: correlation id and trace context. */
  readonly cause: Cause;
  /** When the call must have answered (epoch ms): every wait inside it ends by then. */
  readonly deadline: number;
}

/** One TL method: its parameters' schema and what it does. One file per method. */
export interface RpcMethod<TSchema extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly name: string;
  readonly params: TSchema;
  /** False only for the methods used before a session exists (sendCode, signIn, signUp, checkPhone). */
  readonly requiresAuth: boolean;
  execute(params: z.infer<TSchema>, call: CallContext): Promise<TlResult>;
}

export const RPC_METHODS = Symbol('RPC_METHODS');

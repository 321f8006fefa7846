import { z } from 'zod/v4';
import { Cause } from '@app/events';
import type { DeclaredRpcError } from '@app/platform';
import type { TlName, TlValue } from '@app/tl';
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

/** A constructor a method may answer with: an object of the schema, or Bool's (a Vector's results name its elements). */
export type ResultConstructor = TlName | 'boolTrue' | 'boolFalse';

/**
 * One TL method: its parameters' schema, what it answers and what it does. One file per method.
 * `results` and `errors` are its published contract (GET /openapi.json, docs/api.md): the parameter
 * errors come from `params` and the call's own from the controller, so `errors` names what
 * `execute` answers with.
 */
export interface RpcMethod<TSchema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly params: TSchema;
  /** False only for the methods used before a session exists (sendCode, signIn, signUp, checkPhone). */
  readonly requiresAuth: boolean;
  /** The constructors of the TL function's result type that `execute` answers with. */
  readonly results: readonly ResultConstructor[];
  readonly errors: readonly DeclaredRpcError[];
  execute(params: z.infer<TSchema>, call: CallContext): Promise<TlResult>;
}

/** The published part of a method, for a method another entry point (the bench's monolith) serves its own way. */
export type MethodContract = Pick<RpcMethod, 'results' | 'errors'>;

export const RPC_METHODS = Symbol('RPC_METHODS');

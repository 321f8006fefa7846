import { z } from 'zod';
import { Cause } from '@app/events';

export type TlObject = Record<string, unknown>;
export type TlResult = TlObject | TlObject[] | boolean;

/** Who is calling and how: the authenticated user, the client's layer, the request's id. */
export interface CallContext {
  readonly userId: number;
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
  /** False only for the methods that create a session. */
  readonly requiresAuth: boolean;
  execute(params: z.infer<TSchema>, call: CallContext): Promise<TlResult>;
}

export const RPC_METHODS = Symbol('RPC_METHODS');

import { DeclaredRpcError, RpcErrorName } from '@app/platform';
import { CALL_ERRORS, SESSION_ERRORS } from '../rpc/call-errors';
import { paramErrorNames } from '../rpc/param-errors';
import { RpcMethod } from '../rpc/rpc-method';

/**
 * Every error name a call to `method` can answer with: the call's own, the session's if it needs
 * one, its parameters' (from the schema the gateway validates with) and the ones it declares.
 */
export function methodErrors(method: RpcMethod): (DeclaredRpcError | RpcErrorName)[] {
  return [
    ...new Set([...CALL_ERRORS, ...(method.requiresAuth ? SESSION_ERRORS : []), ...paramErrorNames(method.params), ...method.errors]),
  ].sort();
}

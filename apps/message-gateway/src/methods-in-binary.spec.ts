import { TL_METHODS } from '@app/tl';
import { METHODS } from './gateway.module';
import { RpcMethod } from './rpc/rpc-method';

describe('methods in binary TL', () => {
  // A method without its published line could be called in JSON only; a line without a method would promise one that is not served.
  it('every method the gateway serves has its published function line, and every line a method', () => {
    // The names are fields set by each class itself; its dependencies are not needed to read them.
    const served = METHODS.map((Method) => (Reflect.construct(Method, []) as RpcMethod).name);
    expect(served.sort()).toEqual(TL_METHODS.map((fn) => fn.predicate).sort());
  });

  it('every field of a line is a parameter of its method, so nothing a binary call carries is dropped', () => {
    for (const Method of METHODS) {
      const method = Reflect.construct(Method, []) as RpcMethod;
      const line = TL_METHODS.find((fn) => fn.predicate === method.name)!;
      const shape = (method.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const param of line.params) expect(Object.keys(shape)).toContain(param.name);
    }
  });
});

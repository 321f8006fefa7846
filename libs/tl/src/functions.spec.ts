import { FUNCTION_LINES } from './function-lines';
import { TL_FUNCTIONS, functionWithId, innerCallParam } from './functions';
import { constructorsOf, hexId } from './schema';
import { parseTypeExpr } from './type-expr';

describe('function lines', () => {
  it.each(TL_FUNCTIONS.map((fn) => [fn.predicate, fn] as const))('%s: derived id equals the published #id', (_, fn) => {
    expect(fn.writtenId).toBeDefined();
    expect(hexId(fn.id)).toBe(hexId(fn.writtenId!));
    expect(functionWithId(fn.id)).toBe(fn);
  });

  it('pins the wrappers to the ids clients send', () => {
    const id = (predicate: string) => hexId(TL_FUNCTIONS.find((fn) => fn.predicate === predicate)!.id);
    expect(id('invokeWithLayer1')).toBe('0x53835315');
    expect(id('invokeWithLayer2')).toBe('0x289dd1f6');
    expect(id('invokeWithLayer3')).toBe('0xb7475268');
    expect(id('invokeWithLayer')).toBe('0xda9b0d0d');
    expect(id('initConnection')).toBe('0x69796de9');
  });

  it('has one entry per line, and only the wrappers carry an inner call', () => {
    expect(TL_FUNCTIONS).toHaveLength(FUNCTION_LINES.length);
    const wrappers = TL_FUNCTIONS.filter((fn) => innerCallParam(fn) !== undefined).map((fn) => fn.predicate);
    expect(wrappers.sort()).toEqual(['initConnection', 'invokeWithLayer', 'invokeWithLayer1', 'invokeWithLayer2', 'invokeWithLayer3']);
  });

  // The request decoder's depth bound rests on this: no input type can hold itself.
  it('every parameter is a primitive, a vector, or a flat input type with constructors', () => {
    for (const fn of TL_FUNCTIONS) {
      for (const param of fn.params) {
        if (param.type.startsWith('!')) continue;
        const expr = parseTypeExpr(param.type);
        const type = expr.kind === 'vector' ? param.type.slice(param.type.indexOf('<') + 1, -1) : param.type;
        const inner = parseTypeExpr(type);
        if (inner.kind !== 'object') continue;
        expect(constructorsOf(inner.type).length).toBeGreaterThan(0);
        for (const constructor of constructorsOf(inner.type)) {
          for (const field of constructor.params) expect(parseTypeExpr(field.type).kind).not.toBe('object');
        }
      }
    }
  });
});

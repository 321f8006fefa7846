/** TL type expressions (`int`, `Vector<User>`, `contacts.MyLink`) parsed once, shared by encoder and decoder. */

export type TlTypeExpr =
  | { readonly kind: 'int' }
  | { readonly kind: 'long' }
  | { readonly kind: 'string' }
  | { readonly kind: 'Bool' }
  /** `Vector<T>` is boxed (written with the vector id); `vector<T>` is bare (count and elements only). */
  | { readonly kind: 'vector'; readonly boxed: boolean; readonly element: TlTypeExpr }
  /** A boxed type such as `User`: the value names its constructor in `_`. */
  | { readonly kind: 'object'; readonly type: string };

const cache = new Map<string, TlTypeExpr>();

export function parseTypeExpr(text: string): TlTypeExpr {
  let expr = cache.get(text);
  if (!expr) {
    expr = parseUncached(text);
    cache.set(text, expr);
  }
  return expr;
}

function parseUncached(text: string): TlTypeExpr {
  switch (text) {
    case 'int':
    case 'long':
    case 'string':
    case 'Bool':
      return { kind: text };
  }
  const vector = /^([Vv])ector<(.+)>$/.exec(text);
  if (vector) return { kind: 'vector', boxed: vector[1] === 'V', element: parseTypeExpr(vector[2]!) };
  // Boxed types start upper-case after the namespace (contacts.MyLink); lower-case would be a
  // bare constructor, which layer 1-3 never uses in fields.
  const lastSegment = text.slice(text.lastIndexOf('.') + 1);
  if (/^[A-Z]\w*$/.test(lastSegment) && /^[\w.]+$/.test(text)) return { kind: 'object', type: text };
  throw new Error(`unsupported TL type '${text}'`);
}

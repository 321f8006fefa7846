import { z } from 'zod/v4';
import { FLOOD_WAIT_N, statusOf } from '@app/platform';
import { JsonSchema, TL_METHODS, constructorSchema, oneOfConstructors, reachableConstructors } from '@app/tl';
import { BINARY_TL } from '../rpc/binary-tl';
import { RpcMethod } from '../rpc/rpc-method';
import { MAX_LAYER } from '../rpc/stated-layer';
import { methodErrors } from './method-errors';

type Json = { [key: string]: unknown };

const ref = (predicate: string) => `#/components/schemas/${predicate}`;
const VECTOR = /^Vector<.+>$/;
/** Transport additions beside a result's TL fields (docs/api.md); binary TL answers carry them in headers. */
const ADDITIONS: Record<string, Json> = {
  'auth.authorization': {
    required: ['token'],
    properties: {
      token: { type: 'string', description: 'The session: send it as `Authorization: Bearer <token>` (binary TL: header X-Auth-Token)' },
    },
  },
};
const STATUS_TEXT: Record<number, string> = {
  400: 'A named error of the request',
  401: 'No valid session',
  420: 'Flood control: wait N seconds (also in Retry-After)',
  500: 'A server fault',
  503: 'Not answered in time, or a dependency is down: retrying (the same random_id for a send) is safe',
};

/** The TL function a method is: its published line, and its result type. */
function tlFunction(name: string) {
  const fn = TL_METHODS.find((f) => f.predicate === name);
  if (!fn) throw new Error(`${name} is not a TL function of libs/tl/src/function-lines.ts`);
  return fn;
}

/** JSON Schema of what the gateway validates a method's JSON body with (the input side of its zod schema). */
export function paramsSchema(method: RpcMethod): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(method.params, { io: 'input', unrepresentable: 'any' });
  return schema;
}

function resultSchema(method: RpcMethod): JsonSchema {
  const results = method.results.map((predicate) =>
    ADDITIONS[predicate] ? { allOf: [{ $ref: ref(predicate) }, ADDITIONS[predicate]] } : oneOfConstructors([predicate], ref),
  );
  const one = results.length === 1 ? results[0] : { oneOf: results };
  return VECTOR.test(tlFunction(method.name).resultType) ? { type: 'array', items: one } : one;
}

/** One response per HTTP status, each naming its error_message values. */
function errorResponses(method: RpcMethod): Record<string, Json> {
  const byStatus = new Map<number, string[]>();
  for (const name of methodErrors(method)) byStatus.set(statusOf(name), [...(byStatus.get(statusOf(name)) ?? []), name]);
  return Object.fromEntries(
    [...byStatus].map(([status, names]) => {
      const message = names.includes(FLOOD_WAIT_N) ? { type: 'string', pattern: '^FLOOD_WAIT_[0-9]+$' } : { enum: names };
      const schema = { allOf: [{ $ref: ref('rpc_error') }, { properties: { error_code: { const: status }, error_message: message } }] };
      return [String(status), { description: STATUS_TEXT[status] ?? 'An error', content: { 'application/json': { schema } } }];
    }),
  );
}

function operation(method: RpcMethod): Json {
  const fn = tlFunction(method.name);
  return {
    operationId: method.name,
    tags: [method.name.split('.')[0]],
    summary: method.name,
    description: `TL function \`${fn.line}\`. JSON body of its parameters, or (Content-Type ${BINARY_TL}) the binary call, optionally inside invokeWithLayerN / initConnection.`,
    security: method.requiresAuth ? [{ bearer: [] }] : [],
    parameters: [{ $ref: '#/components/parameters/TlLayer' }],
    requestBody: { required: false, content: { 'application/json': { schema: paramsSchema(method) }, [BINARY_TL]: {} } },
    responses: {
      '200': {
        description: `One of: ${method.results.join(', ')}`,
        headers: { 'X-TL-Layer': { $ref: '#/components/headers/ServedLayer' } },
        content: { 'application/json': { schema: resultSchema(method) }, [BINARY_TL]: {} },
      },
      ...errorResponses(method),
    },
    'x-tl-results': method.results,
    'x-rpc-errors': methodErrors(method),
  };
}

/**
 * The HTTP contract as OpenAPI 3.1 (served at GET /openapi.json), generated from the method
 * registry: a path per method, its body from the zod schema it is validated with, its results
 * from the TL schema, its errors from its declarations.
 */
export function openApiDocument(methods: readonly RpcMethod[]): Json {
  const constructors = reachableConstructors(['rpc_error', ...methods.flatMap((m) => m.results)]);
  return {
    openapi: '3.1.0',
    info: {
      title: 'contact-links API',
      version: `tl-layer-${MAX_LAYER}`,
      description:
        'Telegram layer 1-3 methods over HTTP (docs/api.md): POST /v1/<method>, objects carry their constructor in "_", long values travel as decimal strings; errors are rpc_error with the HTTP status as error_code.',
    },
    paths: {
      ...Object.fromEntries(
        [...methods].sort((a, b) => a.name.localeCompare(b.name)).map((m) => [`/v1/${m.name}`, { post: operation(m) }]),
      ),
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(constructors.map((c) => [c.predicate, constructorSchema(c, ref)])),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token auth.signIn / auth.signUp answer with' } },
      parameters: {
        TlLayer: {
          name: 'X-TL-Layer',
          in: 'header',
          required: false,
          description: `The client's layer; the session keeps it for later calls (a layer above ${MAX_LAYER} is served as ${MAX_LAYER})`,
          schema: { type: 'integer', minimum: 1, maximum: 999 },
        },
      },
      headers: {
        ServedLayer: { description: 'The layer the call was served in', schema: { type: 'integer', minimum: 1, maximum: MAX_LAYER } },
      },
    },
  };
}

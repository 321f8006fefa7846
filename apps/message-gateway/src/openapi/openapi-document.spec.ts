import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { RPC_ERROR_NAMES } from '@app/platform';
import { TL_METHODS, constructorsOf } from '@app/tl';
import { CODE_ERRORS } from '../auth/authorization';
import { METHODS } from '../gateway.module';
import { COMMAND_LOG_ERRORS } from '../pipeline/command-log';
import { SEND_ERRORS } from '../pipeline/send-pipeline';
import { CALL_ERRORS, SESSION_ERRORS } from '../rpc/call-errors';
import { RpcMethod } from '../rpc/rpc-method';
import { methodErrors } from './method-errors';
import { openApiDocument, paramsSchema } from './openapi-document';

type Json = any; // the document is checked by the validator; the tests read into it

// The declarations are fields set when a method is constructed; reading them uses none of its dependencies.
const methods: RpcMethod[] = METHODS.map((M) => new (M as unknown as new () => RpcMethod)());
const document: Json = openApiDocument(methods);
const SRC = join(__dirname, '..');
const VOCABULARY = new Set<string>(RPC_ERROR_NAMES);

/** The vocabulary's names a source file quotes: what its code can throw. */
function namesQuotedIn(path: string): string[] {
  return [...readFileSync(join(SRC, path), 'utf8').matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]).filter((n) => VOCABULARY.has(n));
}

describe('the OpenAPI document', () => {
  // The validator is an ES module, which jest's CommonJS runtime cannot load: its own command line checks the file.
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    const run = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
    expect({ status: run.status, output: JSON.parse(run.stdout) }).toEqual({ status: 0, output: { valid: true } });
  });

  it('has valid JSON Schemas whose every $ref resolves', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: document.components });
    const resolved = (schema: Json) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const op of Object.values<Json>(item)) {
        for (const response of Object.values<Json>(op.responses)) {
          const schema = response.content?.['application/json']?.schema;
          if (schema) expect([path, typeof ajv.compile(resolved(schema))]).toEqual([path, 'function']);
        }
        const body = op.requestBody?.content['application/json'].schema;
        if (body) ajv.compile(body);
      }
    }
  });

  it('has a path for every registered method and nothing else under /v1', () => {
    const paths = Object.keys(document.paths).filter((p) => p.startsWith('/v1/'));
    expect(paths.sort()).toEqual(methods.map((m) => `/v1/${m.name}`).sort());
    expect(document.paths['/openapi.json'].get.security).toEqual([]);
  });

  describe.each(methods.map((m) => [m.name, m] as const))('%s', (name, method) => {
    const op = () => document.paths[`/v1/${name}`].post;
    const fn = TL_METHODS.find((f) => f.predicate === name);

    it('is a TL function, and its body schema is the one the gateway validates with, with every TL parameter', () => {
      expect(fn).toBeDefined();
      const schema: Json = paramsSchema(method);
      expect(op().requestBody.content['application/json'].schema).toEqual(schema);
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(fn!.params.map((p) => p.name)));
      expect(op().security).toEqual(method.requiresAuth ? [{ bearer: [] }] : []);
      expect(Object.keys(op().requestBody.content).sort()).toEqual(['application/json', 'application/x-tl']);
    });

    it("declares result constructors, each one of the TL function's result type", () => {
      expect(method.results.length).toBeGreaterThan(0);
      const type = fn!.resultType.replace(/^Vector<(.+)>$/, '$1');
      const allowed = constructorsOf(type).map((c) => c.predicate);
      for (const result of method.results) expect([result, allowed.includes(result)]).toEqual([result, true]);
      expect(op()['x-tl-results']).toEqual(method.results);
    });

    it('declares its errors: the call, session and parameter errors and its own, each under its HTTP status', () => {
      const errors = methodErrors(method);
      expect(errors).toEqual(expect.arrayContaining([...CALL_ERRORS, ...method.errors]));
      if (method.requiresAuth) expect(errors).toContain('AUTH_KEY_UNREGISTERED');
      expect(op()['x-rpc-errors']).toEqual(errors);
      const listed = Object.entries<Json>(op().responses)
        .filter(([status]) => status !== '200')
        .flatMap(([, r]) => r.content['application/json'].schema.allOf[1].properties.error_message.enum ?? ['FLOOD_WAIT_N']);
      expect(listed.sort()).toEqual([...errors].sort());
    });
  });

  it('declares every error name a method file throws', () => {
    for (const file of readdirSync(join(SRC, 'methods')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      const source = readFileSync(join(SRC, 'methods', file), 'utf8');
      const named = [...source.matchAll(/readonly name = '([\w.]+)'/g)].map((m) => m[1]);
      for (const method of methods.filter((m) => named.includes(m.name))) {
        const declared: string[] = methodErrors(method);
        for (const name of namesQuotedIn(`methods/${file}`))
          expect([method.name, name, declared.includes(name)]).toEqual([method.name, name, true]);
      }
    }
  });

  it.each([
    [
      ['rpc/read-call.ts', 'rpc/read-body.ts', 'rpc/stated-layer.ts', 'rpc/rpc.controller.ts'],
      [...CALL_ERRORS, ...SESSION_ERRORS, 'METHOD_INVALID'],
    ],
    [['pipeline/send-pipeline.ts'], SEND_ERRORS],
    [['pipeline/command-log.ts'], COMMAND_LOG_ERRORS],
    [
      ['auth/authorization.ts', 'auth/login-code.ts'],
      [...CODE_ERRORS, 'PHONE_NUMBER_OCCUPIED'],
    ],
  ])('the error groups name what their modules throw: %s', (files, group) => {
    for (const file of files)
      for (const name of namesQuotedIn(file)) expect([file, name, (group as string[]).includes(name)]).toEqual([file, name, true]);
  });
});

import { FastifyAdapter } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { answerRejected } from '../rpc-exception.filter';

/** A URL the router cannot match at all (malformed, or a path parameter over its length) reaches no route, like an unknown path. */
const UNROUTABLE = 404;

/**
 * The services' HTTP server: Fastify (about half of Express's CPU per call, bench/README "HTTP
 * framework"). No parser reads a body: a method reads its own from the request stream, bounded
 * (`readBody`), and an overloaded process refuses a call before reading any of it. The client
 * address is the socket's, or the `trustedProxies`-th hop of X-Forwarded-For.
 */
export function httpAdapter(trustedProxies: number): FastifyAdapter {
  const adapter = new FastifyAdapter({
    // As Express and proxy-addr count hops: the nearest `trustedProxies` addresses are proxies, the next one the client.
    trustProxy: (_address, hop) => hop < trustedProxies,
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) => answerRejected(UNROUTABLE, request.url, reply),
  });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  return adapter;
}

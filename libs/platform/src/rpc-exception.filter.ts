import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FastifyReply, FastifyRequest } from 'fastify';

/** The status of what Nest rejects: its exceptions', a Fastify client error's own (4xx), else 500. */
function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return Number.isInteger(status) && (status as number) >= 400 && (status as number) < 500 ? (status as number) : 500;
}

/**
 * What the framework itself rejects, answered in the API's error shape, never as Nest's or
 * Fastify's default JSON (Fastify's would echo the path): a call under `/v1/` that reaches no route
 * is a 400 METHOD_INVALID like the ones the router knows, anything else keeps its status with a
 * TL-style name.
 */
export function answerRejected(status: number, url: string, reply: FastifyReply): void {
  let name = (STATUS_CODES[status] ?? 'INTERNAL').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  if (status === 404 && url.startsWith('/v1')) [status, name] = [400, 'METHOD_INVALID'];
  if (status === 500) name = 'INTERNAL';
  reply.code(status).send({ _: 'rpc_error', error_code: status, error_message: name });
}

/** Everything Nest hands its exception layer (no such route, a framework-level error), answered by `answerRejected`. */
@Catch()
export class RpcExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // A call that answered already (a stream under way) has no answer left to give.
    if (reply.sent) return;
    answerRejected(statusOf(exception), host.switchToHttp().getRequest<FastifyRequest>().url, reply);
  }
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { Request, Response } from 'express';

/**
 * Whatever Nest itself rejects (no such route, a framework-level error) is still answered in the
 * API's error shape, never as Nest's default JSON: an unknown `/v1/...` method is a 400
 * METHOD_INVALID like the ones the router knows, anything else keeps its status with a TL-style name.
 */
@Catch()
export class RpcExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    let status = exception instanceof HttpException ? exception.getStatus() : 500;
    let name = (STATUS_CODES[status] ?? 'INTERNAL').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    if (status === 404 && req.path.startsWith('/v1')) [status, name] = [400, 'METHOD_INVALID'];
    if (status === 500) name = 'INTERNAL';
    res.status(status).json({ _: 'rpc_error', error_code: status, error_message: name });
  }
}

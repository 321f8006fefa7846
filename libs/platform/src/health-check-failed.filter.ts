import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import { FastifyReply } from 'fastify';

/**
 * A failed Terminus check answers 503 with Terminus's body (which indicator is down), not the
 * API's error shape the global RpcExceptionFilter gives everything else: probes and operators read it.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckFailedFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<FastifyReply>().code(503).send(exception.getResponse());
  }
}

import 'reflect-metadata';
import { IncomingMessage } from 'node:http';
import { Controller, Module, Param, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { httpAdapter, inRequestContext, requestCorrelationId } from '@app/platform';

/** The HTTP framework a probe app runs on. */
export const FRAMEWORKS = ['express', 'fastify'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** What both frameworks' replies offer under the same names (Express's Response, Fastify's FastifyReply). */
interface Reply {
  header(name: string, value: string): Reply;
  status(code: number): Reply;
  type(contentType: string): Reply;
  send(body: string): unknown;
}

/** Fastify hands the Node request as `raw`; Express's request is the Node request. */
const nodeRequest = (req: IncomingMessage | { raw: IncomingMessage }): IncomingMessage => ('raw' in req ? req.raw : req);

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The gateway's HTTP shape without its work: `POST /v1/:method`, the handler taking the request and
 * reply itself, serving the call in its logging context, reading the body from the Node stream, a
 * correlation id header and a JSON answer. What a call costs here is the framework's share of a
 * gateway call.
 */
@Controller('v1')
class CallController {
  @Post(':method')
  call(@Param('method') method: string, @Req() req: IncomingMessage | { raw: IncomingMessage }, @Res() res: Reply): Promise<void> {
    const raw = nodeRequest(req);
    const correlationId = requestCorrelationId(raw);
    return inRequestContext(correlationId, async () => {
      const params = JSON.parse((await bodyOf(raw)) || '{}') as unknown;
      res
        .header('X-Request-Id', correlationId)
        .status(200)
        .type('application/json')
        .send(JSON.stringify({ _: 'probe', method, params }));
    });
  }
}

@Module({ controllers: [CallController] })
class FrameworkProbeModule {}

/** Starts the probe app on `framework` at PORT; prints `ready` when it listens. */
async function main(framework: Framework): Promise<void> {
  const options = { bodyParser: false, logger: false as const };
  if (framework === 'fastify') {
    // The services' adapter (bootstrapService).
    const app = await NestFactory.create(FrameworkProbeModule, httpAdapter(0), options);
    await app.listen(Number(process.env.PORT), '127.0.0.1');
  } else {
    const app = await NestFactory.create<NestExpressApplication>(FrameworkProbeModule, new ExpressAdapter(), options);
    // As the services ran on Express: no ETag hashed for every answer, no X-Powered-By.
    app.set('etag', false);
    app.disable('x-powered-by');
    await app.listen(Number(process.env.PORT), '127.0.0.1');
  }
  process.stdout.write('ready\n');
}
if (require.main === module) {
  const framework = process.argv[2] as Framework;
  if (!FRAMEWORKS.includes(framework)) throw new Error(`framework must be one of ${FRAMEWORKS.join(', ')}`);
  void main(framework);
}

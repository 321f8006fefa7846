import { Controller, Get, Inject } from '@nestjs/common';
import { RPC_METHODS, RpcMethod } from '../rpc/rpc-method';
import { openApiDocument } from './openapi-document';

/** `GET /openapi.json`: the API's contract, without a session (it holds no data). Built once: the methods do not change while running. */
@Controller()
export class OpenApiController {
  private readonly document: object;

  constructor(@Inject(RPC_METHODS) methods: RpcMethod[]) {
    this.document = openApiDocument(methods);
  }

  @Get('openapi.json')
  openapi(): object {
    return this.document;
  }
}

import { Module } from '@nestjs/common';
import { ServiceCoreModule, consumerHostProvider } from '@app/platform';
import { LinkProjectionHandler } from './link-projection.handler';

export const PROJECTOR_DEFAULT_PORT = 3001;
export const PROJECTOR_GROUP = 'link-projector';

@Module({
  imports: [ServiceCoreModule.forService(PROJECTOR_GROUP, PROJECTOR_DEFAULT_PORT)],
  providers: [LinkProjectionHandler, consumerHostProvider(PROJECTOR_GROUP, (config) => config.topics.events, LinkProjectionHandler)],
})
export class LinkProjectorModule {}

import { Module } from '@nestjs/common';
import { ServiceCoreModule, consumerHostProvider } from '@app/platform';
import { LinkProjectionHandler } from './link-projection.handler';

export const PROJECTOR_DEFAULT_PORT = 3001;
export const PROJECTOR_GROUP = 'link-projector';

/** The projector's consumer, on whatever core (database, event log) the process provides. */
@Module({
  providers: [LinkProjectionHandler, consumerHostProvider(PROJECTOR_GROUP, (config) => config.topics.events, LinkProjectionHandler)],
})
export class LinkProjectionModule {}

/** The link-projector service on its own. */
@Module({ imports: [ServiceCoreModule.forService(PROJECTOR_GROUP, PROJECTOR_DEFAULT_PORT), LinkProjectionModule] })
export class LinkProjectorModule {}

import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@app/platform';
import { LinkProjectionController } from './link-projection.controller';
import { LinkProjectionHandler } from './link-projection.handler';

export const PROJECTOR_DEFAULT_PORT = 3001;

/** The projector's consumer, on whatever core (database, event log) the process provides. */
@Module({ controllers: [LinkProjectionController], providers: [LinkProjectionHandler] })
export class LinkProjectionModule {}

/** The link-projector service on its own. */
@Module({ imports: [ServiceCoreModule.forService('link-projector', PROJECTOR_DEFAULT_PORT), LinkProjectionModule] })
export class LinkProjectorModule {}

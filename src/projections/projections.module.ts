import { Global, Module } from '@nestjs/common';
import { ProjectionRegistry } from './projection-registry';
import { ReadModelsService } from './read-models.service';

/**
 * The projection runner and its read-model files, fed from the event store's subscription. Feature
 * modules register their projections with the ProjectionRegistry (see registerProjections).
 */
@Global()
@Module({
  providers: [ProjectionRegistry, ReadModelsService],
  exports: [ProjectionRegistry, ReadModelsService],
})
export class ProjectionsModule {}

import { Global, Module } from '@nestjs/common';
import { ReadModelsService } from './read-models.service';

/** The projection runner and its read-model files, fed from the event store's subscription. */
@Global()
@Module({
  providers: [ReadModelsService],
  exports: [ReadModelsService],
})
export class ProjectionsModule {}

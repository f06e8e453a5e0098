import { Module } from '@nestjs/common';
import { ReadModelsAdminResolver } from './read-models-admin.resolver';

/** What only admins do to the running service: rebuilding the read models. ReadModelsService comes from the global ProjectionsModule. */
@Module({
  providers: [ReadModelsAdminResolver],
})
export class AdminModule {}

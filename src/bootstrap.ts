import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { inputValidationPipe } from './graphql/input-validation';
import { JsonLogger } from './logging/json-logger';

/** Creates the application (not yet listening). Shared by main.ts, the tests and the scripts. */
export async function createApp(config: AppConfig, logger = new JsonLogger(config.LOG_LEVEL)): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, bufferLogs: true });
  app.useLogger(logger);
  app.useGlobalPipes(inputValidationPipe());
  return app;
}

import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { inputValidationPipe } from './graphql/input-validation';
import { JsonLogger } from './logging/json-logger';

/** Creates the application (not yet listening). Shared by main.ts, the tests and the scripts. */
export async function createApp(config: AppConfig, logger = new JsonLogger(config.LOG_LEVEL)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bufferLogs: true });
  // Room for the largest valid input (a claim with 50 appearances of 2 KB URLs, a 4,000-character statement), not more.
  app.useBodyParser('json', { limit: '512kb' });
  app.useLogger(logger);
  app.useGlobalPipes(inputValidationPipe());
  return app;
}

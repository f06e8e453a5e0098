import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './bootstrap';
import { JsonLogger } from './logging/json-logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = new JsonLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  await app.listen(config.PORT, config.HOST);
  logger.log(`Fact-check desk listening on ${await app.getUrl()} (GraphQL at /graphql, health at /health)`, 'Main');
}

main().catch((error: unknown) => {
  new JsonLogger().error(error instanceof Error ? error : String(error), 'Main');
  process.exit(1);
});

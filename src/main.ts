import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp, drainingOf } from './bootstrap';
import { DataDirLocked } from './config/data-dir-lock';
import { PublicAddress } from './config/public-address';
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
  let app;
  try {
    app = await createApp(config, logger);
  } catch (error) {
    if (error instanceof DataDirLocked) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await app.listen(config.PORT, config.HOST);
  // Stop taking requests (new connections are refused; a request on a kept-alive connection gets
  // 503 with Connection: close), let the ones in flight finish (up to SHUTDOWN_DRAIN_MS), then
  // close the event store: an append is never cut off half-way, and the process exits 0.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: shutting down`, 'Main');
    const draining = drainingOf(app);
    draining.start();
    const server = app.getHttpServer() as import('node:http').Server;
    server.close(); // stops listening; idle kept-alive connections are closed cleanly
    if (!(await draining.settled(config.SHUTDOWN_DRAIN_MS))) {
      logger.warn(`Requests still in flight after ${config.SHUTDOWN_DRAIN_MS} ms: closing anyway`, 'Main');
    }
    await app.close();
    logger.log('Stopped cleanly', 'Main');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));

  logger.log(`Fact-check desk listening on ${await app.getUrl()} (GraphQL at /graphql, health at /health/live and /health/ready; public address ${app.get(PublicAddress).baseUrl})`, 'Main');
}

main().catch((error: unknown) => {
  new JsonLogger().error(error instanceof Error ? error : String(error), 'Main');
  process.exit(1);
});

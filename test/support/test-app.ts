import { INestApplication } from '@nestjs/common';
import { issueToken, TokenRequest } from '../../src/auth/token-issuer';
import { createApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { JsonLogger } from '../../src/logging/json-logger';
import { makeTempDir } from './temp-dir';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  url: string;
  config: AppConfig;
  app: INestApplication;
  /** The JSON lines the application logged at error level, oldest first. */
  logs: string[];
  token(request: Partial<TokenRequest> & { sub: string }): Promise<string>;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, auth?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * A real server on a real port, on the embedded store in a temp directory: what e2e tests talk
 * to over HTTP. Nothing of ours is mocked.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = makeTempDir('factcheck-e2e-');
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir.path, AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'error', ...env });
  const logs: string[] = [];
  const app = await createApp(config, new JsonLogger('error', (line) => void logs.push(line)));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  return {
    url,
    config,
    app,
    logs,
    token: (request) => issueToken(config.AUTH_JWT_SECRET ?? TEST_SECRET, { roles: [], ...request }),
    async graphql(query, variables, auth) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth) headers.authorization = auth.startsWith('Bearer ') || auth.includes(' ') ? auth : `Bearer ${auth}`;
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    async close() {
      await app.close();
      dir.remove();
    },
  };
}

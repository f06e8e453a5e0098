import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printApiSchema, SCHEMA_FILE } from '../../src/graphql/print-schema';
import { startTestApp, TestApp } from '../support/test-app';

describe('schema.gql', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(async () => app.close());

  it('is exactly the schema the code serves (run `npm run schema:generate` when this fails)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', SCHEMA_FILE), 'utf8');
    expect(committed).toBe(printApiSchema(app.app));
  });
});

/**
 * The query baseline: the same read-side resolvers behind a bare graphql-js HTTP server
 * (graphql-http on node:http), without Nest, Express or Apollo. It serves the app's printed schema
 * (schema.gql, which a test keeps equal to what the app serves), verifies tokens with the app's
 * TokenVerifier, and answers `claim` and `claims` by calling the app's own ClaimQueriesResolver methods
 * over ClaimsReadModel on the same read-model file the service uses (opened read-only). Object
 * fields resolve by property, as the code-first schema's do. What it leaves out is what the GraphQL
 * stack adds: Nest's pipes (class-validator on inputs), guards and interceptors, Express, Apollo's
 * plugins and its request pipeline.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { buildSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from '../src/auth/token-verifier';
import type { RequestContext } from '../src/graphql/request-context';
import type { ReadModelsService } from '../src/projections/read-models.service';
import type { ClaimSort } from '../src/claims/read-model/claims.read-model';
import { ClaimsReadModel } from '../src/claims/read-model/claims.read-model';
import { ClaimQueriesResolver } from '../src/claims/api/claim-queries.resolver';
import type { ClaimFilterInput } from '../src/claims/api/claim-list.types';

async function main(): Promise<void> {
  const file = process.env.READ_MODEL_FILE;
  const schemaFile = process.env.SCHEMA_FILE;
  const secret = process.env.AUTH_JWT_SECRET;
  if (!file || !schemaFile || !secret) throw new Error('READ_MODEL_FILE, SCHEMA_FILE and AUTH_JWT_SECRET are required');

  const db = new Database(file, { readonly: true });
  const readModels = { db } as unknown as ReadModelsService;
  const claims = new ClaimsReadModel(readModels);
  // Only the query methods are called; live updates are not part of this baseline.
  const resolver = new ClaimQueriesResolver(claims, undefined as never, undefined as never);
  const verifier = new TokenVerifier({ secret });
  const schema = buildSchema(readFileSync(schemaFile, 'utf8'));

  type Args = { id: string; filter?: ClaimFilterInput; first?: number; after?: string; sort?: ClaimSort };
  const rootValue = {
    claim: (args: Args, ctx: RequestContext) => resolver.claim(args.id, ctx),
    claims: (args: Args, ctx: RequestContext) => resolver.listClaims(args.filter as ClaimFilterInput, { first: args.first, after: args.after }, args.sort, ctx),
  };

  const handler = createHandler<Record<PropertyKey, unknown>>({
    schema,
    rootValue,
    context: async (req) => {
      const actor = await verifier.authenticate(req.raw.headers.authorization);
      const ctx: RequestContext = { actor, correlationId: randomUUID() };
      return ctx as unknown as Record<PropertyKey, unknown>;
    },
  });
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/graphql')) {
      handler(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    } else {
      res.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}/graphql` });
  process.on('message', (message: { id: number; type: string }) => {
    if (message.type === 'stop') {
      server.close();
      db.close();
      process.send?.({ id: message.id, ok: true });
      process.exit(0);
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare GraphQL child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

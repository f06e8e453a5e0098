/**
 * Prints a new Ed25519 signer key for the transparency log (LOG_SIGNING_KEY) on stdout, and its
 * verifier key (what GET /log/vkey will serve, to pin in verifiers) on stderr:
 *   LOG_SIGNING_KEY=$(npm run -s log:keygen -- --name desk.example.org/log)
 * The name defaults to the configured origin (LOG_ORIGIN, or PUBLIC_BASE_URL's host and /log).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/app-config';
import { nodeLogCrypto } from '../src/transparency-log/adapters/node-log-crypto';
import { ed25519KeyPair } from '../src/transparency-log/domain/note';

const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = values.name ?? loadConfig({ ...process.env, NODE_ENV: 'development' }).logOrigin;
const { skey, vkey } = ed25519KeyPair(nodeLogCrypto, name, new Uint8Array(randomBytes(32)));
process.stdout.write(`${skey}\n`);
process.stderr.write(`verifier key: ${vkey}\n`);

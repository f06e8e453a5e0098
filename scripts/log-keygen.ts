/**
 * Prints a new Ed25519 signer key for the transparency log (LOG_SIGNING_KEY) on stdout, and its
 * verifier key (what GET /log/vkey will serve, to pin in verifiers) on stderr:
 *   LOG_SIGNING_KEY=$(npm run -s log:keygen -- --name desk.example.org/log)
 * The name defaults to the configured origin (LOG_ORIGIN, or PUBLIC_BASE_URL's host and /log).
 *
 * With --witness --name N: a witness's cosigner key instead (tlog-cosignature, type 0x04), for
 * `npm run log:witness -- --key-file FILE`; its vkey (stderr) goes into the log's LOG_WITNESS_KEYS.
 *   npm run -s log:keygen -- --witness --name witness.example.net > witness.key
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/app-config';
import { nodeLogCrypto } from '../src/transparency-log/adapters/node-log-crypto';
import { toBase64 } from '../src/transparency-log/domain/bytes';
import { COSIGNATURE_TYPE, ed25519Cosigner } from '../src/transparency-log/domain/checkpoint';
import { ed25519KeyPair } from '../src/transparency-log/domain/note';

const { values } = parseArgs({ options: { name: { type: 'string' }, witness: { type: 'boolean', default: false } } });
const seed = new Uint8Array(randomBytes(32));
if (values.witness) {
  if (!values.name) {
    process.stderr.write('log:keygen --witness needs --name <witness name> (e.g. witness.example.net)\n');
    process.exit(64);
  }
  const cosigner = ed25519Cosigner(nodeLogCrypto, values.name, seed);
  // The signer form of golang.org/x/mod/sumdb/note, with the cosignature type byte 0x04.
  process.stdout.write(`PRIVATE+KEY+${cosigner.name}+${cosigner.keyId.toString(16).padStart(8, '0')}+${toBase64(new Uint8Array([COSIGNATURE_TYPE, ...seed]))}\n`);
  process.stderr.write(`witness verifier key (for LOG_WITNESS_KEYS): ${cosigner.vkey}\n`);
} else {
  const name = values.name ?? loadConfig({ ...process.env, NODE_ENV: 'development' }).logOrigin;
  const { skey, vkey } = ed25519KeyPair(nodeLogCrypto, name, seed);
  process.stdout.write(`${skey}\n`);
  process.stderr.write(`verifier key: ${vkey}\n`);
}

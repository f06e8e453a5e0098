/**
 * A witness of the transparency log (README "Running a witness"):
 *   npm run log:witness -- --log URL --log-vkey VKEY --key-file FILE [--name N] [--origin O] [--state FILE] [--interval-ms 5000] [--once]
 * Polls GET /log/checkpoint, checks it against the witness's own saved checkpoint (as log:verify does),
 * cosigns a consistent one (C2SP tlog-cosignature/v1) and POSTs it to /log/cosignatures. An
 * inconsistent one is refused loudly and the state kept. The key file holds the witness's signer key
 * (npm run log:keygen -- --witness --name N). With --once: one round, exit 0 cosigned or already
 * cosigned, otherwise log:verify's exit codes (7: the log refused the cosignature).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ed25519Cosigner } from '../src/transparency-log/domain/checkpoint';
import { fromBase64 } from '../src/transparency-log/domain/bytes';
import { EXIT, FileState, LogClient, LogVerifier, nodeLogCrypto, Witness } from '../src/transparency-log/verifier';

const USAGE = 'usage: log:witness --log URL --log-vkey VKEY --key-file FILE [--name N] [--origin O] [--state FILE] [--interval-ms 5000] [--once]';

/** The witness key file: PRIVATE+KEY+<name>+<id>+<base64(0x04 ‖ seed)> (what log:keygen --witness writes). */
function loadCosigner(file: string, name?: string) {
  const text = readFileSync(file, 'utf8').trim();
  const m = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text);
  const raw = m ? fromBase64(m[3]) : undefined;
  if (!m || raw === undefined || raw.length !== 33 || raw[0] !== 0x04) throw new Error(`${file} is not a witness key PRIVATE+KEY+<name>+<id>+<base64(0x04 ‖ seed)>`);
  if (name !== undefined && name !== m[1]) throw new Error(`${file} is the key of witness ${m[1]}, not ${name}`);
  const cosigner = ed25519Cosigner(nodeLogCrypto, m[1], raw.slice(1));
  if (cosigner.keyId.toString(16).padStart(8, '0') !== m[2]) throw new Error(`${file}: the key ID does not match the key`);
  return cosigner;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      log: { type: 'string' },
      'log-vkey': { type: 'string' },
      'key-file': { type: 'string' },
      name: { type: 'string' },
      origin: { type: 'string' },
      state: { type: 'string' },
      'interval-ms': { type: 'string', default: '5000' },
      once: { type: 'boolean', default: false },
    },
  });
  const interval = Number(values['interval-ms']);
  if (!values.log || !values['log-vkey'] || !values['key-file'] || !Number.isSafeInteger(interval) || interval < 100) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.input;
  }
  const cosigner = loadCosigner(values['key-file'], values.name);
  const stateFile = resolve(values.state ?? `.factcheck-witness-${cosigner.name.replace(/[^A-Za-z0-9.-]/g, '_')}.json`);
  const verifier = new LogVerifier({ crypto: nodeLogCrypto, vkey: values['log-vkey'], origin: values.origin, state: new FileState(stateFile) });
  const witness = new Witness(verifier, cosigner, new LogClient(values.log));
  const say = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  say(`witness ${cosigner.vkey} following ${values.log}, state in ${stateFile}`);
  for (;;) {
    const step = await witness.step();
    let code = 0;
    if (step.outcome === 'refused') {
      const r = step.refusal;
      process.stderr.write(
        `${new Date().toISOString()} REFUSED TO COSIGN (${r.check}): ${r.message}` +
          (r.saved ? `\n  saved:   size ${r.saved.size} root ${r.saved.rootHash} (kept)` : '') +
          (r.offered ? `\n  offered: size ${r.offered.size} root ${r.offered.rootHash}` : '') +
          '\n',
      );
      code = EXIT[r.check];
    } else if (step.outcome === 'already-cosigned') {
      say(`size ${step.accepted.checkpoint.size}: already carries this witness's cosignature`);
    } else if (step.submitted.status >= 200 && step.submitted.status < 300) {
      say(`cosigned size ${step.accepted.checkpoint.size} root ${step.accepted.checkpoint.rootHash} (${step.accepted.outcome}); the log took it`);
    } else {
      process.stderr.write(`${new Date().toISOString()} the log refused the cosignature of size ${step.accepted.checkpoint.size}: ${step.submitted.status} ${step.submitted.body}\n`);
      code = 7;
    }
    if (values.once) return code;
    await new Promise((r) => setTimeout(r, interval));
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT.input);
  },
);

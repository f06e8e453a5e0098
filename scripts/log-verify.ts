/**
 * The offline verifier of the transparency log (README "Verifying the log yourself"):
 *   npm run log:verify -- --log http://host:port --vkey "<vkey>" [--origin O] [--state FILE] [--json]
 *   npm run log:verify -- --bundle FILE|URL --vkey-file FILE [--log URL]
 *   npm run log:verify -- --checkpoint FILE --vkey "<vkey>"      (offline: no network at all)
 * Exit codes: 0 accepted; 2 bad signature or origin; 3 inconsistent (rewrite or split view); 4 rollback;
 * 5 a bundle's proof does not verify; 6 network; 64 usage or input.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, FileState, LogClient, LogVerifier, nodeLogCrypto, Refusal } from '../src/transparency-log/verifier';

const DEFAULT_STATE = '.factcheck-log-state.json';

const USAGE = 'usage: log:verify (--log URL | --checkpoint FILE | --bundle FILE|URL) (--vkey VKEY | --vkey-file FILE) [--origin O] [--state FILE] [--json]';

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { headers: { accept: 'application/json, text/plain' } });
    if (!response.ok) throw new Refusal('network', `GET ${source} answered ${response.status}`);
    return response.text();
  }
  return readFileSync(source, 'utf8');
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        log: { type: 'string' },
        vkey: { type: 'string' },
        'vkey-file': { type: 'string' },
        origin: { type: 'string' },
        state: { type: 'string' },
        bundle: { type: 'string' },
        checkpoint: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return EXIT.input;
  }
  const json = values.json === true;
  const stateFile = resolve(values.state ?? DEFAULT_STATE);
  const report = (ok: boolean, fields: Record<string, unknown>, text: string) => {
    if (json) process.stdout.write(`${JSON.stringify({ ok, state: stateFile, ...fields })}\n`);
    else (ok ? process.stdout : process.stderr).write(`${text}\n`);
  };
  try {
    const vkey = values.vkey ?? (values['vkey-file'] ? readFileSync(values['vkey-file'], 'utf8').trim() : undefined);
    const sources = [values.log !== undefined && values.bundle === undefined, values.checkpoint !== undefined, values.bundle !== undefined].filter(Boolean).length;
    if (!vkey || sources !== 1) throw new Refusal('input', USAGE);
    const verifier = new LogVerifier({ crypto: nodeLogCrypto, vkey, origin: values.origin, state: new FileState(stateFile) });
    // --checkpoint never touches the network: a needed consistency proof is then a refusal.
    // A bundle fetched from the log names the log itself: its consistency proofs come from the same place.
    const logUrl = values.log ?? (values.bundle !== undefined && /^https?:\/\//.test(values.bundle) ? values.bundle.replace(/\/log\/fact-checks\/.*$/, '') : undefined);
    const client = logUrl !== undefined && values.checkpoint === undefined ? new LogClient(logUrl) : undefined;
    if (values.bundle !== undefined) {
      const result = await verifier.verifyBundle(await readSource(values.bundle), client?.consistency);
      const cp = result.checkpoint.checkpoint;
      report(true, { bundle: result }, `accepted: ${result.events.length} public event(s) included in the log at leaves ${result.events.map((e) => e.index).join(', ') || '(none)'}; the bundle's checkpoint (size ${cp.size}, root ${cp.rootHash}) is ${result.checkpoint.outcome === 'older' ? 'a prefix of' : 'consistent with'} the one saved in ${stateFile}`);
      return 0;
    }
    let note: string;
    if (values.checkpoint !== undefined) note = readFileSync(values.checkpoint, 'utf8');
    else {
      try {
        note = await client!.checkpoint();
      } catch (error) {
        throw new Refusal('network', `could not fetch the checkpoint: ${(error as Error).message}`);
      }
    }
    const accepted = await verifier.acceptCheckpoint(note, client?.consistency);
    const { size, rootHash } = accepted.checkpoint;
    const how = { first: 'no checkpoint was saved before: trusting this one from now on', same: 'the same tree as the one saved', extended: `extends the saved one of size ${accepted.previous?.size}` }[accepted.outcome];
    report(true, { outcome: accepted.outcome, previous: accepted.previous ?? null, checkpoint: accepted.checkpoint }, `accepted: ${accepted.checkpoint.origin} size ${size} root ${rootHash} (${how}); saved in ${stateFile}`);
    return 0;
  } catch (error) {
    if (!(error instanceof Refusal)) {
      report(false, { check: 'input', message: (error as Error).message }, `REFUSED (input): ${(error as Error).message}`);
      return EXIT.input;
    }
    const lines = [`REFUSED (${error.check}): ${error.message}`];
    if (error.saved) lines.push(`  saved:   size ${error.saved.size} root ${error.saved.rootHash} (${stateFile}, unchanged)`);
    if (error.offered) lines.push(`  offered: size ${error.offered.size} root ${error.offered.rootHash}`);
    report(false, { check: error.check, message: error.message, saved: error.saved ?? null, offered: error.offered ?? null }, lines.join('\n'));
    return EXIT[error.check];
  }
}

void main().then((code) => process.exit(code));

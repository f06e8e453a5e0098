/**
 * `npm run bench`: measures the desk's service beside its practical limits and a peer, prints a
 * table and writes a JSON report to bench/results/. Options: `npm run bench -- --help`.
 */
import { runBench, writeReport } from './bench';
import { parseOptions } from './options';
import { formatTable } from './report';

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const report = await runBench(options);
  const file = writeReport(report, options.outDir);
  process.stdout.write(`${formatTable(report)}\n\nReport: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/**
 * Killing a node by running a command. The command is a template: {host} and {port} are the
 * address the node advertises to clients; {container} and {service} are the Docker container
 * publishing that port on this host and its Compose service, looked up only when the template uses
 * them, so a template for another orchestrator needs no Docker at all.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NodeAddress } from './smoke';

export type RunCommand = (argv: string[]) => Promise<string>;

export interface PublishingContainer {
  container: string;
  /** The Compose service, when Compose started it. */
  service: string;
}

const execFileAsync = promisify(execFile);

/** Runs argv without a shell (so addresses from gossip are never interpreted), returning stdout. */
export const runCommand: RunCommand = async ([file, ...args]) => {
  const { stdout } = await execFileAsync(file, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
};

/** Splits a command template into words; single or double quotes group words. */
export function splitCommand(template: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    words.push(match[1] ?? match[2] ?? match[3]);
  }
  return words;
}

/** `docker ps` arguments listing the running containers that publish `port`, one `name|service` a line. */
export function publishingQuery(port: number): string[] {
  // Docker's own filter, rather than reading the Compose file: that would need its variables set.
  return ['docker', 'ps', '--filter', `publish=${port}`, '--format', '{{.Names}}|{{.Label "com.docker.compose.service"}}'];
}

/** The one container in `docker ps` output; anything else is an error that says what was found. */
export function parsePublishing(output: string, node: NodeAddress): PublishingContainer {
  const rows = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [container, service = ''] = line.split('|');
      return { container, service };
    });
  if (rows.length === 1) return rows[0];
  throw new Error(
    rows.length === 0
      ? `no running container publishes port ${node.port} (the leader advertises ${node.host}:${node.port})`
      : `several containers publish port ${node.port}: ${rows.map((r) => r.container).join(', ')}`,
  );
}

export function commandKiller(options: { template: string; run?: RunCommand; log?(line: string): void }): (node: NodeAddress) => Promise<void> {
  const run = options.run ?? runCommand;
  const words = splitCommand(options.template);
  if (words.length === 0) throw new Error('The kill command is empty');
  const needsDocker = words.some((w) => w.includes('{service}') || w.includes('{container}'));
  return async (node) => {
    const values: Record<string, string> = { host: node.host, port: String(node.port) };
    if (needsDocker) {
      const found = parsePublishing(await run(publishingQuery(node.port)), node);
      values.container = found.container;
      values.service = found.service;
    }
    const argv = words.map((word) => word.replace(/\{(host|port|service|container)\}/g, (_, key: string) => values[key]));
    options.log?.(`running: ${argv.join(' ')}`);
    await run(argv);
  };
}

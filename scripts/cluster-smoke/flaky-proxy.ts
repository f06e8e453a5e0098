/**
 * A TCP proxy that can play a dying leader in front of an in-process server: it first swallows the
 * server's answers (so requests already sent are carried out but never acknowledged), then cuts
 * every connection and refuses new ones for a while, then comes back on the same port.
 */
import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';

export class FlakyProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private swallowing = false;
  private boundPort = 0;
  private restoreTimer: NodeJS.Timeout | undefined;
  /** Bytes of answers dropped while swallowing: > 0 shows the outage hit work in flight. */
  swallowedBytes = 0;
  outages = 0;

  constructor(private readonly upstream: { host: string; port: number }) {}

  /** The port it listens on, the same after every outage. */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    await this.listen();
    return this.boundPort;
  }

  /** Swallows answers for `swallowMs`, then refuses every connection for `downMs`; resolves once cut. */
  async outage({ swallowMs, downMs }: { swallowMs: number; downMs: number }): Promise<void> {
    this.outages += 1;
    this.swallowing = true;
    await new Promise((resolve) => setTimeout(resolve, swallowMs));
    await this.cut();
    this.swallowing = false;
    this.restoreTimer = setTimeout(() => void this.listen(), downMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.restoreTimer);
    await this.cut();
  }

  /** Stops accepting and destroys every connection (close's callback waits for them to end). */
  private async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    await closed;
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.upstream.port, this.upstream.host);
      // Without this, Nagle and delayed acks hold small gRPC frames for tens of milliseconds.
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      const pair = { client, upstream };
      this.pairs.add(pair);
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => {
        if (this.swallowing) this.swallowedBytes += chunk.length;
        else client.write(chunk);
      });
      const close = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => {
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
}

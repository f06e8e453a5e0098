import { EventLog } from './log';
import { EsdbTestServer, EsdbTestServerOptions, NodeState, asNodeState } from './server';

export interface EsdbTestClusterOptions extends EsdbTestServerOptions {
  /** Each node's state at start (default: node 0 Leader, the others Follower). */
  states?: (NodeState | string)[];
}

/** States an election settles: a node in one of these becomes Follower when a leader is elected. */
const UNSETTLED: readonly NodeState[] = ['Initializing', 'DiscoverLeader', 'Unknown', 'PreReplica', 'CatchingUp', 'PreLeader', 'Leader', 'ResigningLeader'];

/**
 * N `EsdbTestServer` nodes sharing ONE log, each serving Gossip/Read with every member's state,
 * liveness and gRPC endpoint, as a 24.10 cluster does. Nothing happens by itself: tests drive
 * elections, deaths and lag.
 *
 * How a node treats a call follows ClusterVNodeController (v24.10.14):
 * - writes (Append, BatchAppend, Delete, Tombstone): the leader writes; a follower FORWARDS the
 *   write to the leader (it succeeds, written once) unless the call carries `requires-leader: true`,
 *   then it answers NotLeader (NOT_FOUND, trailers `exception: not-leader`,
 *   `leader-endpoint-host`, `leader-endpoint-port`); PreLeader, Unknown and every other state
 *   answer "Server Is Not Ready" (UNAVAILABLE; inside the call for BatchAppend);
 * - reads and subscriptions: served by any node from what it has seen (a frozen follower's are
 *   stale), including PreLeader and Unknown ones; with `requires-leader: true` a follower answers
 *   NotLeader, a leaderless node "Server Is Not Ready".
 */
export class EsdbTestCluster {
  private constructor(readonly nodes: EsdbTestServer[]) {}

  static async start(nodes = 3, options: EsdbTestClusterOptions = {}): Promise<EsdbTestCluster> {
    const log = new EventLog(options.now);
    const servers: EsdbTestServer[] = [];
    for (let i = 0; i < nodes; i++) {
      const server = new EsdbTestServer(options, log);
      server.joinCluster(() => servers);
      server.setState(options.states?.[i] ?? (i === 0 ? 'Leader' : 'Follower'));
      servers.push(server);
    }
    await Promise.all(servers.map((server) => server.start()));
    return new EsdbTestCluster(servers);
  }

  /** Every node as a seed: the client discovers the leader through gossip. */
  get connectionString(): string {
    return `esdb://${this.nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}?tls=false`;
  }

  /** DNS-style discovery from the first node's gossip. */
  get discoverConnectionString(): string {
    return `esdb+discover://127.0.0.1:${this.nodes[0].port}?tls=false`;
  }

  leader(): EsdbTestServer | undefined {
    return this.nodes.find((node) => node.state === 'Leader' && node.running);
  }

  setState(node: number, state: string): void {
    this.node(node).setState(asNodeState(state));
  }

  /** `node` becomes Leader (caught up); the old leader and nodes still electing become Follower. */
  electLeader(node: number): void {
    this.nodes.forEach((other, i) => {
      if (i !== node && UNSETTLED.includes(other.state)) other.setState('Follower');
    });
    const leader = this.node(node);
    leader.thaw();
    leader.setState('Leader');
  }

  /** Stops the node's server as a crash does: its connections fail with UNAVAILABLE; gossip shows it not alive. */
  async kill(node: number): Promise<void> {
    await this.node(node).kill();
  }

  /** Starts the node again on the same port, with the shared log. */
  async restart(node: number): Promise<void> {
    await this.node(node).start();
  }

  /** The follower stops seeing new events (a lagging replica); its reads without requires-leader are stale. */
  freezeFollower(node: number): void {
    const follower = this.node(node);
    if (follower.state === 'Leader') throw new Error(`node ${node} is the leader`);
    follower.freeze();
  }

  thawFollower(node: number): void {
    this.node(node).thaw();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }

  private node(index: number): EsdbTestServer {
    const node = this.nodes[index];
    if (!node) throw new Error(`no node ${index} in a cluster of ${this.nodes.length}`);
    return node;
  }
}

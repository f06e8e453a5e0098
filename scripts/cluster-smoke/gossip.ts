/**
 * Finding the leader the way the client does: ask the nodes named in the connection string for
 * gossip (the Gossip gRPC service) and take the member in state Leader. The addresses are the ones
 * nodes advertise to clients, i.e. the ones the client connects to and follows.
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { GossipClient } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { NodeAddress } from './smoke';

export interface GossipMember {
  address: NodeAddress;
  state: string;
  alive: boolean;
}

export interface GossipTarget {
  seeds: NodeAddress[];
  credentials: grpc.ChannelCredentials;
}

const STATE_NAMES = new Map(Object.entries(MemberInfo.VNodeState).map(([name, value]) => [value, name]));

/**
 * The seeds and channel credentials of a connection string. KurrentDB's schemes (kurrentdb, kurrent,
 * kdb) are read as their EventStoreDB equivalents, which the 6.x client's parser knows.
 */
export function gossipTarget(connectionString: string): GossipTarget {
  const normalised = connectionString.trim().replace(/^(?:kurrentdb|kurrent|kdb)(\+discover)?:\/\//i, (_, discover: string | undefined) => `esdb${discover ?? ''}://`);
  const options = parseConnectionString(normalised);
  const seeds = options.hosts.map((host) => ({ host: host.address, port: host.port }));
  if (options.tls === false) return { seeds, credentials: grpc.credentials.createInsecure() };
  const rootCerts = options.tlsCAFile ? readFileSync(isAbsolute(options.tlsCAFile) ? options.tlsCAFile : resolve(options.tlsCAFile)) : null;
  const verify = options.tlsVerifyCert === false ? { checkServerIdentity: () => undefined } : undefined;
  return { seeds, credentials: grpc.credentials.createSsl(rootCerts, null, null, verify) };
}

/** One node's view of the cluster. */
export function readGossip(seed: NodeAddress, credentials: grpc.ChannelCredentials, timeoutMs: number): Promise<GossipMember[]> {
  const client = new GossipClient(`${seed.host}:${seed.port}`, credentials);
  return new Promise((resolvePromise, reject) => {
    client.read(new Empty(), new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (error, info) => {
      client.close();
      if (error) return reject(error);
      resolvePromise(
        info.getMembersList().map((member) => ({
          address: { host: member.getHttpEndPoint()?.getAddress() ?? '', port: member.getHttpEndPoint()?.getPort() ?? 0 },
          state: STATE_NAMES.get(member.getState()) ?? String(member.getState()),
          alive: member.getIsAlive(),
        })),
      );
    });
  });
}

/**
 * The leader the answering seeds agree on. Right after a kill, nodes may still list the dead
 * leader as alive until their gossip times out, so a leader counts only when more seeds name it
 * than any other.
 */
export function agreedLeader(views: GossipMember[][]): NodeAddress | undefined {
  const votes = new Map<string, { address: NodeAddress; n: number }>();
  for (const view of views) {
    const leader = view.find((m) => m.alive && m.state === 'LEADER');
    if (!leader) continue;
    const key = `${leader.address.host.toLowerCase()}:${leader.address.port}`;
    votes.set(key, { address: leader.address, n: (votes.get(key)?.n ?? 0) + 1 });
  }
  const ranked = [...votes.values()].sort((a, b) => b.n - a.n);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0].n === ranked[1].n)) return undefined;
  return ranked[0].address;
}

/** A `findLeader` for the smoke test: every seed of the connection string asked at once. */
export function gossipLeaderFinder(connectionString: string, timeoutMs = 2_000): () => Promise<NodeAddress | undefined> {
  const target = gossipTarget(connectionString);
  return async () => {
    const answers = await Promise.allSettled(target.seeds.map((seed) => readGossip(seed, target.credentials, timeoutMs)));
    return agreedLeader(answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : [])));
  };
}

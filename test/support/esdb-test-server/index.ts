export { EsdbTestCluster } from './cluster';
export type { EsdbTestClusterOptions } from './cluster';
export { DELETED_STREAM_REVISION } from './log';
export type { LogPosition, StoredEvent } from './log';
export { EsdbTestServer, NODE_STATES } from './server';
export type { EsdbTestServerOptions, Fault, NodeState, RpcName, SubscriptionStart } from './server';

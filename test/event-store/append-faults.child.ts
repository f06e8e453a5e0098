/**
 * Child process for the append-path crash test: a real process, so that an uncaught exception or
 * an unhandled rejection is seen by our own listeners (jest swaps them out inside a test).
 *
 * Starts the in-process server with BatchAppend advertised (its default), makes many concurrent
 * appends to healthy streams while faults are injected on other streams' appends and on any
 * BatchAppend call, waits a little for late failures, and prints one JSON report on stdout.
 * argv[2]: 'adapter' (two instances of the port's adapter) or 'raw' (two bare 6.2.1 clients, as a control).
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer } from '../support/esdb-test-server';

export interface AppendFaultsReport {
  crashes: string[];
  /** Failures of appends to streams no fault was aimed at. */
  healthyFailures: string[];
  healthyAppends: number;
  /** Outcome of each append to a faulted stream: 'ok' or the error's name. */
  faulted: string[];
  calls: Record<string, number>;
}

const WRITERS = 24;
const APPENDS_PER_WRITER = 6;

async function main(): Promise<void> {
  const crashes: string[] = [];
  process.on('uncaughtException', (error) => crashes.push(`uncaughtException: ${String(error)}`));
  process.on('unhandledRejection', (reason) => crashes.push(`unhandledRejection: ${String(reason)}`));

  const server = new EsdbTestServer();
  const { connectionString } = await server.start();
  // Two clients, as when a process holds two (the service and a rebuild, a test's own client):
  // 6.2.1's pending BatchAppends sit in one module-wide map, so one's failure reaches the other.
  const appenders: ((stream: string, type: string) => Promise<unknown>)[] = [0, 1].map(() => {
    if (process.argv[2] === 'raw') {
      const client = EventStoreDBClient.connectionString(connectionString);
      return (s, type) => client.appendToStream(s, jsonEvent({ id: randomUUID(), type, data: {} }));
    }
    const store = EventStoreDbEventStore.fromConnectionString(connectionString);
    return (s, type) => store.append(s, [{ id: randomUUID(), type, data: {} }]);
  });

  const faultedStreams = ['faulted-a', 'faulted-b', 'faulted-c'];
  server.injectFault({ rpc: 'append', when: 'before', code: status.INTERNAL, stream: faultedStreams[0], times: 3 });
  server.injectFault({ rpc: 'append', when: 'after-write', code: status.UNAVAILABLE, details: 'Server Is Not Ready', stream: faultedStreams[1], times: 3 });
  server.injectFault({ rpc: 'append', when: 'after-write', code: status.CANCELLED, stream: faultedStreams[2], times: 3 });
  // What the raw client would hit: faults on its shared BatchAppend call, before and after writing.
  server.injectFault({ rpc: 'batchAppend', when: 'after-write', code: status.UNAVAILABLE, details: 'Server Is Not Ready', times: 3 });
  server.injectFault({ rpc: 'batchAppend', when: 'before', code: status.INTERNAL, times: 3 });

  const healthyFailures: string[] = [];
  const faulted: string[] = [];
  let healthyAppends = 0;
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < APPENDS_PER_WRITER; i++) {
      const target = w < faultedStreams.length ? faultedStreams[w] : `healthy-${w}`;
      try {
        await appenders[w % 2](target, 'Written');
        if (w < faultedStreams.length) faulted.push('ok');
        else healthyAppends += 1;
      } catch (error) {
        if (w < faultedStreams.length) faulted.push((error as Error).name);
        else healthyFailures.push(`${target}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  });
  await Promise.all(writers);
  // Late responses on a failed call are where 6.2.1's BatchAppend throws: give them time to come.
  await new Promise((resolve) => setTimeout(resolve, 300));

  const report: AppendFaultsReport = { crashes, healthyFailures, healthyAppends, faulted, calls: { ...server.calls } };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await server.stop();
  process.exit(0);
}

void main();

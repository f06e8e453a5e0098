import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer } from '../support/esdb-test-server';
import type { AppendFaultsReport } from './append-faults.child';
import { runEventStoreContract } from './event-store.contract';

// The append path: 6.2.1 appends through BatchAppend whenever the server advertises it (as every
// server since 21.10 does), and a failure on that shared call rejects other appends with its error
// and then crashes the process. The adapter forces the classic Append on its own client.

for (const batchAppend of [true, false]) {
  runEventStoreContract(`EventStoreDB adapter, server ${batchAppend ? 'advertising' : 'without'} BatchAppend`, async () => {
    const server = new EsdbTestServer({ batchAppend });
    const { connectionString } = await server.start();
    const store = EventStoreDbEventStore.fromConnectionString(connectionString);
    return {
      store,
      cleanup: async () => {
        await store.close();
        expect(server.calls.batchAppend).toBe(0);
        await server.stop();
      },
    };
  });
}

function runChild(mode: 'adapter' | 'raw'): Promise<AppendFaultsReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'append-faults.child.ts'), mode],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`append-faults child failed: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as AppendFaultsReport);
      },
    );
  });
}

describe('EventStoreDB adapter: the append path', () => {
  it('never calls BatchAppend, though the server advertises it and the raw client uses it', async () => {
    const server = new EsdbTestServer();
    const { connectionString } = await server.start();
    const store = EventStoreDbEventStore.fromConnectionString(connectionString);
    const raw = EventStoreDBClient.connectionString(connectionString);
    try {
      await raw.appendToStream(`raw-${randomUUID()}`, jsonEvent({ type: 'ByTheRawClient', data: {} }));
      expect(server.calls.batchAppend).toBe(1);

      const s = `claim-${randomUUID()}`;
      await store.append(s, [{ type: 'One', data: {} }]);
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`${s}-${i}`, [{ type: 'Many', data: { i } }])));
      expect(server.calls.append).toBe(11);
      expect(server.calls.batchAppend).toBe(1);
    } finally {
      await store.close();
      await raw.dispose();
      await server.stop();
    }
  });

  it('faults injected on appends never reach another append, and never crash the process', async () => {
    const report = await runChild('adapter');
    expect(report.crashes).toEqual([]);
    expect(report.healthyFailures).toEqual([]);
    expect(report.healthyAppends).toBe(21 * 6);
    expect(report.calls.batchAppend).toBe(0);
    // A fault before the write is a failure to retry; after the write, the adapter read it back.
    expect(new Set(report.faulted)).toEqual(new Set(['ok', 'EventStoreUnavailable']));
    expect(report.faulted.filter((outcome) => outcome === 'EventStoreUnavailable')).toHaveLength(3);
  });

  it('control: under the same faults the raw 6.2.1 client fails other appends and crashes the process', async () => {
    const report = await runChild('raw');
    expect(report.calls.batchAppend).toBeGreaterThan(0);
    expect(report.healthyFailures.length).toBeGreaterThan(0);
    expect(report.crashes).toEqual([expect.stringContaining('TypeError: undefined is not iterable')]);
  });
});

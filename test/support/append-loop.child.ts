/**
 * Child process for the crash test: appends to a few streams in a loop and prints one line per
 * acknowledged append, after `append` resolved. The parent kills it with SIGKILL at a random moment.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';

async function main(): Promise<void> {
  const file = process.argv[2];
  const store = new SqliteEventStore({ file });
  for (let i = 0; ; i++) {
    const stream = `crash-${i % 7}`;
    const events = [
      { id: randomUUID(), type: 'Ticked', data: { i } },
      { id: randomUUID(), type: 'Tocked', data: { i } },
    ];
    const result = await store.append(stream, events);
    process.stdout.write(`${JSON.stringify({ stream, ids: events.map((e) => e.id), ...result })}\n`);
  }
}

void main();

/**
 * The cluster smoke test's verdict, as a pure function of what was recorded during the run and
 * what was read back afterwards: no I/O, so it can be checked on made-up inputs too.
 */

/** One event the smoke test tried to append, with the outcome as the writer saw it. */
export interface AppendRecord {
  id: string;
  stream: string;
  /** The writer's sequence number for this event (0, 1, 2... per stream). */
  seq: number;
  /** The exact revision the append expected (-1: no stream yet). Retries keep it, and the id. */
  expectedRevision: number;
  attempts: number;
  /** When the first attempt was sent (ms, on the run's clock). */
  firstSentAtMs: number;
  /** When the last attempt was sent (ms, on the run's clock). */
  lastSentAtMs: number;
  acknowledged?: {
    revision: number;
    position: number;
    atMs: number;
    /** 'read-back': the append was answered with an error, and a read found the event stored. */
    via: 'append' | 'read-back';
  };
}

/** Where an event was found: in a stream read, in `$all`, or as delivered by the subscription. */
export interface StoredRef {
  id: string;
  stream: string;
  revision: number;
  position: number;
}

export interface VerifyInput {
  records: AppendRecord[];
  /** When the leader was killed (ms, on the run's clock); undefined if it never was. */
  killedAtMs: number | undefined;
  /** Why the leader was not killed, when it was not. */
  killProblem?: string;
  /** Each of the run's streams, read forwards from the start. */
  streams: Map<string, StoredRef[]>;
  /** The run's events in `$all`, in log order; undefined when `$all` could not be read. */
  all: StoredRef[] | undefined;
  /** The run's events as the subscription from the start delivered them, in delivery order. */
  delivered: StoredRef[];
  subscriptionFailure?: string;
  /** Append errors the application would not have retried (not retry-safe, or not an EventStoreError). */
  refusals: string[];
  /** Reads after the run that did not complete. */
  readProblems: string[];
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const SHOWN = 5;

export function verify(input: VerifyInput): Check[] {
  const { records, killedAtMs } = input;
  const acked = records.filter((r) => r.acknowledged);
  const sentIds = new Set(records.map((r) => r.id));
  const ackedIds = new Set(acked.map((r) => r.id));
  const checks: Check[] = [];
  const check = (name: string, problems: string[], okDetail: string) =>
    checks.push({ name, ok: problems.length === 0, detail: problems.length === 0 ? okDetail : summarise(problems) });

  const before = killedAtMs === undefined ? acked.length : acked.filter((r) => (r.acknowledged?.atMs ?? 0) < killedAtMs).length;
  check('appends were acknowledged before the kill', before > 0 ? [] : ['no append was acknowledged before the kill: is the store reachable?'], `${before} acknowledged`);

  check('the leader was killed', killedAtMs === undefined ? [input.killProblem ?? 'the leader was not killed'] : [], 'killed');

  // Only appends sent after the kill: an answer racing the kill proves nothing about the new leader.
  const after = killedAtMs === undefined ? 0 : acked.filter((r) => r.lastSentAtMs >= killedAtMs).length;
  check(
    'appends resumed after the kill',
    killedAtMs !== undefined && after === 0 ? ['no append sent after the leader was killed was acknowledged'] : [],
    `${after} sent after the kill and acknowledged`,
  );

  const unresolved = records.filter((r) => !r.acknowledged);
  check(
    'every append was acknowledged in the end',
    unresolved.map((r) => `${r.id} (${r.stream} #${r.seq}) still unacknowledged after ${r.attempts} attempts`),
    `${records.length} of ${records.length}`,
  );

  check('no append error was one the application would give up on', input.refusals, 'every error was marked safe to retry');

  check('the events could be read back after the run', input.readProblems, 'streams and $all read');

  // Each stream must hold exactly the acknowledged events, in the order they were acknowledged, at
  // the revisions the acknowledgements gave: anything else is a lost, duplicated or reordered write.
  const streamProblems: string[] = [];
  for (const [stream, stored] of input.streams) {
    const mine = records.filter((r) => r.stream === stream).sort((a, b) => a.seq - b.seq);
    const ackedHere = mine.filter((r) => r.acknowledged);
    // An append still unresolved at the end may or may not have been written: only the last of a stream can be.
    const unresolvedTail = mine.filter((r) => !r.acknowledged);
    const expectedIds = ackedHere.map((r) => r.id);
    const storedIds = stored.map((e) => e.id);
    const tail = storedIds.slice(expectedIds.length);
    const tailOk = tail.length === 0 || (tail.length === 1 && unresolvedTail.some((r) => r.id === tail[0]));
    const prefixOk = expectedIds.every((id, i) => storedIds[i] === id);
    if (!prefixOk || !tailOk) {
      const firstDiff = expectedIds.findIndex((id, i) => storedIds[i] !== id);
      streamProblems.push(
        firstDiff >= 0
          ? `${stream}: at index ${firstDiff} expected ${expectedIds[firstDiff]}, found ${storedIds[firstDiff] ?? 'nothing'} (${storedIds.length} stored, ${expectedIds.length} acknowledged)`
          : `${stream}: ${tail.length} event(s) after the acknowledged ones: ${tail.slice(0, SHOWN).join(', ')}`,
      );
    }
    const byId = firstById(stored);
    for (const record of ackedHere) {
      const at = byId.get(record.id);
      if (at && record.acknowledged && at.revision !== record.acknowledged.revision) {
        streamProblems.push(`${record.id}: acknowledged at revision ${record.acknowledged.revision}, stored at ${at.revision}`);
      }
    }
  }
  for (const stream of new Set(records.map((r) => r.stream))) {
    if (!input.streams.has(stream)) streamProblems.push(`${stream}: not read`);
  }
  check('each stream holds every acknowledged event exactly once, in order', streamProblems, `${acked.length} events in ${input.streams.size} streams`);

  if (!input.all) {
    // Nothing to compare with: say so rather than report every event as missing.
    const detail = 'not checked: $all could not be read';
    checks.push({ name: '$all holds every acknowledged event exactly once, at its acknowledged position', ok: false, detail });
    checks.push({ name: 'the subscription from the start delivered each event exactly once, in log order', ok: false, detail });
    return checks;
  }
  const all = input.all;
  const allProblems: string[] = [];
  const inAll = countById(all);
  for (const record of acked) {
    const n = inAll.get(record.id) ?? 0;
    if (n !== 1) allProblems.push(`${record.id} (${record.stream} #${record.seq}) is in $all ${n} times`);
  }
  for (const [id, n] of inAll) {
    if (!sentIds.has(id)) allProblems.push(`${id} is in $all but this run never sent it`);
    else if (n > 1 && !ackedIds.has(id)) allProblems.push(`${id} (unacknowledged) is in $all ${n} times`);
  }
  const allById = firstById(all);
  for (const record of acked) {
    const at = allById.get(record.id);
    if (at && record.acknowledged && at.position !== record.acknowledged.position) {
      allProblems.push(`${record.id}: acknowledged at position ${record.acknowledged.position}, stored at ${at.position}`);
    }
  }
  check('$all holds every acknowledged event exactly once, at its acknowledged position', allProblems, `${all.length} events of this run in $all`);

  // What projections rely on: the subscription saw exactly the log, once, in log order.
  const subscriptionProblems: string[] = [];
  if (input.subscriptionFailure) subscriptionProblems.push(`the subscription failed: ${input.subscriptionFailure}`);
  const delivered = countById(input.delivered);
  for (const event of all) {
    const n = delivered.get(event.id) ?? 0;
    if (n !== 1) subscriptionProblems.push(`${event.id} (${event.stream}@${event.revision}) was delivered ${n} times`);
  }
  for (const id of delivered.keys()) {
    if (!inAll.has(id)) subscriptionProblems.push(`${id} was delivered but is not in the store`);
  }
  for (let i = 1; i < input.delivered.length; i++) {
    if (input.delivered[i].position <= input.delivered[i - 1].position) {
      subscriptionProblems.push(
        `delivery out of log order: ${input.delivered[i].id} at ${input.delivered[i].position} came after ${input.delivered[i - 1].id} at ${input.delivered[i - 1].position}`,
      );
    }
  }
  check('the subscription from the start delivered each event exactly once, in log order', subscriptionProblems, `${input.delivered.length} delivered`);

  return checks;
}

function firstById(events: StoredRef[]): Map<string, StoredRef> {
  const byId = new Map<string, StoredRef>();
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, event);
  return byId;
}

function countById(events: StoredRef[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
  return counts;
}

function summarise(problems: string[]): string {
  const shown = problems.slice(0, SHOWN).join('; ');
  return problems.length > SHOWN ? `${shown}; and ${problems.length - SHOWN} more` : shown;
}

import { eventStoreClientConnectionString, eventStoreConnectionProblem } from '../../src/config/app-config';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { problemsOf } from './config-problems';

// EVENTSTORE_CONNECTION_STRING is judged by the very parser the adapter uses (the client's own,
// after translating KurrentDB's schemes for @eventstore/db-client 6.2.1), so what passes
// validation is what boots.

const accepted = [
  'esdb://localhost:2113?tls=false',
  'esdb+discover://node1.example.org:2113?tls=true',
  'esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=false&nodePreference=leader',
  'kurrentdb://localhost:2113?tls=false',
  'kurrentdb+discover://cluster.example.org:2113',
  // KurrentDB's own Node client (@kurrent/kurrentdb-client 1.3.1, parseConnectionString) accepts these too.
  'kurrent://localhost:2113?tls=false',
  'kurrent+discover://cluster.example.org:2113',
  'kdb://localhost:2113?tls=false',
  'kdb+discover://cluster.example.org:2113',
  'esdb://localhost?tls=false&defaultDeadline=5000&keepAliveInterval=10000',
];

const refused: [string, string][] = [
  ['http://localhost:2113', 'must look like esdb://'],
  ['localhost:2113', 'must look like esdb://'],
  ['KURRENTDB://localhost:2113', 'must look like esdb://'],
  ['esdb://', 'no host given'],
  ['esdb://localhost:port', 'expected port number'],
  ['esdb://localhost:2113:7', 'expected , or ?key=value'],
  ['kurrentdb://localhost:2113?tls=maybe', 'at position 31, expected true or false'],
  ['esdb://localhost:2113?nodePreference=sideways', 'expected leader or follower or read_only_replica or random'],
  ['esdb://localhost:2113?defaultDeadline=soon', 'expected Integer'],
  ['esdb://localhost:2113?tls=true&tlsCAFile=/nonexistent/ca.pem', 'Failed to load certificate file'],
  ['esdb://localhost:2113?tls=true&userCertFile=/nonexistent/user.crt', 'userCertFile must be given with accompanying userKeyFile'],
];

describe('EVENTSTORE_CONNECTION_STRING', () => {
  it.each(accepted)('accepts %s, and the adapter builds its client from it', (text) => {
    expect(problemsOf({ EVENTSTORE_CONNECTION_STRING: text })).toEqual([]);
    expect(() => EventStoreDbEventStore.fromConnectionString(text)).not.toThrow();
  });

  it.each(refused)('refuses %s at start, naming the problem, as the adapter would', (text, problem) => {
    const problems = problemsOf({ EVENTSTORE_CONNECTION_STRING: text });
    expect(problems).toEqual([expect.stringContaining('EVENTSTORE_CONNECTION_STRING must look like esdb://')]);
    expect(problems[0]).toContain(problem);
    expect(() => EventStoreDbEventStore.fromConnectionString(text)).toThrow(problems[0]);
  });

  it('never echoes the string itself (it may carry a password)', () => {
    const [problem] = problemsOf({ EVENTSTORE_CONNECTION_STRING: 'esdb://admin:s3cret-pass@localhost:2113?tls=nope' });
    expect(problem).toContain('expected true or false');
    expect(problem).not.toContain('s3cret');
  });

  it('hands 6.2.1 the esdb twin of a KurrentDB scheme, the rest untouched', () => {
    expect(eventStoreClientConnectionString('kurrentdb+discover://a:1,b:2?tls=false')).toBe('esdb+discover://a:1,b:2?tls=false');
    expect(eventStoreClientConnectionString('kurrent://u:p@h:2113')).toBe('esdb://u:p@h:2113');
    expect(eventStoreClientConnectionString('kdb+discover://h')).toBe('esdb+discover://h');
    expect(eventStoreClientConnectionString('esdb://h:2113?tls=false')).toBe('esdb://h:2113?tls=false');
    expect(eventStoreClientConnectionString('tcp://h:1113')).toBeUndefined();
  });

  it('reports positions in the string as written, not as translated', () => {
    // "kurrentdb://h:x": the bad port starts at index 14 of what was written (10 in "esdb://h:x").
    expect(eventStoreConnectionProblem('kurrentdb://h:x')).toContain('at position 14, expected port number');
    expect(eventStoreConnectionProblem('esdb://h:x')).toContain('at position 9, expected port number');
  });
});

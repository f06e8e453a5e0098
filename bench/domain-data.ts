/**
 * Domain-shaped data for the bench: claims, citations, verdicts and publications produced the way
 * the command pipeline produces them (src/claims/application/claim-command-pipeline.ts): `decide` on
 * the folded state, then `stampEvents` with the command's envelope, chained onto the stream's last
 * hash (`decideAndStamp`). Seeding then appends them straight through the event-store port, in batches, not over HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../src/shared/actor';
import { ExpectedRevision, NO_STREAM, NewEvent } from '../src/event-store/event-store.port';
import { claimStream, decideAndStamp } from '../src/claims/application/claim-stream';
import { ClaimState, initialClaimState } from '../src/claims/domain/claim';
import { ClaimCommand, DEFAULT_CLAIM_LIMITS, DeskPolicy } from '../src/claims/domain/commands';
import { ratingScale } from '../src/claims/domain/rating-scale';

// The long claim the audit section reads holds 10,000 events by default: over the desk's default cap
// (CLAIM_MAX_EVENTS 1000), which the seeding writes past as an archive imported before the cap would.
export const POLICY: DeskPolicy = { scale: ratingScale(), minReviewers: 2, limits: { ...DEFAULT_CLAIM_LIMITS, events: 100_000 } };

/** Small deterministic PRNG (mulberry32), so two runs seed the same desk. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'da', 'fe', 'gu', 'ha', 'jo', 'pe', 'qui', 'ro', 'sho', 'tra', 'vel'];
const COMMON = [
  'police', 'raids', 'people', 'detained', 'election', 'ballots', 'votes', 'counted', 'minister', 'said', 'percent', 'inflation',
  'prices', 'rose', 'vaccine', 'deaths', 'hospital', 'border', 'troops', 'pipeline', 'gas', 'exports', 'budget', 'schools',
  'teachers', 'salaries', 'unemployment', 'record', 'lowest', 'highest', 'since', 'million', 'billion', 'tax', 'cuts', 'wages',
  'climate', 'emissions', 'flood', 'wildfire', 'court', 'ruling', 'protest', 'crowd', 'thousands', 'video', 'photo', 'fake',
];
export const TOPICS = ['elections', 'economy', 'health', 'migration', 'climate', 'security', 'energy', 'education', 'justice', 'media', 'russia', 'azerbaijan'];
const LANGUAGES = ['en', 'en', 'en', 'ru', 'az', 'de', 'fr'];
const OUTLETS = ['Trend', 'Reuters', 'AP', 'Meduza', 'BBC', 'DW', 'Le Monde', 'APA', 'TASS', 'Novaya Gazeta'];

/** A vocabulary with a long tail: common words appear often, made-up ones rarely, as in real text. */
function vocabulary(): string[] {
  const words = [...COMMON];
  for (const a of SYLLABLES) for (const b of SYLLABLES) words.push(`${a}${b}`);
  return words;
}
const WORDS = vocabulary();
/**
 * Words a full-text search looks for: from the tail of the vocabulary, each in roughly 1-8% of the
 * claims (a statement, a claimant or a citation), as a distinctive word someone searches for is.
 */
export const SEARCH_WORDS = ['rosa', 'roze', 'shoti', 'shoha', 'trane', 'trafe', 'velka', 'velpe'];

export const CLAIMANTS = Array.from({ length: 400 }, (_, i) => `${SYLLABLES[i % 20].toUpperCase()}${SYLLABLES[(i * 7) % 20]} ${SYLLABLES[(i * 3) % 20]}${SYLLABLES[(i * 11) % 20]}ov`);

const person = (id: string, roles: Actor['roles']): Actor => ({ id, name: id.replace(/-/g, ' '), roles });
export const CONTRIBUTORS = Array.from({ length: 20 }, (_, i) => person(`contributor-${i}`, ['contributor']));
export const REVIEWERS = Array.from({ length: 30 }, (_, i) => person(`reviewer-${i}`, ['reviewer', 'contributor']));
export const EDITORS = Array.from({ length: 5 }, (_, i) => person(`editor-${i}`, ['editor', 'reviewer', 'contributor']));

/**
 * One claim's write side as the command handler keeps it: folded state and the last event's hash.
 * `command` decides, stamps and chains exactly as the command pipeline does before it appends.
 */
export class ClaimWriter {
  state: ClaimState = initialClaimState();
  private lastHash: string | null = null;

  constructor(readonly claimId: string) {}

  get stream(): string {
    return claimStream(this.claimId);
  }

  /** The expected revision the handler would append with. */
  get expected(): ExpectedRevision {
    return this.state.exists ? this.state.revision : NO_STREAM;
  }

  command(command: ClaimCommand, actor: Actor, now = new Date()): NewEvent[] {
    const envelope = { commandId: randomUUID(), correlationId: randomUUID() };
    const decided = decideAndStamp(command, this.state, { actor, now, policy: POLICY }, { envelope, eventId: () => randomUUID(), previousHash: this.lastHash });
    this.state = decided.state;
    this.lastHash = decided.lastHash;
    return decided.stored;
  }
}

export type ClaimFate = 'DRAFT' | 'REJECTED' | 'IN_REVIEW' | 'PUBLISHED' | 'CORRECTED';

/** A claim's life at the desk as a list of (command, actor) steps; about 10 events on average. */
export interface ClaimPlan {
  claimId: string;
  fate: ClaimFate;
  steps: { actor: Actor; command: (writer: ClaimWriter) => ClaimCommand }[];
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    // Squared: the first (common) words come up far more often than the tail.
    out.push(WORDS[Math.floor(random() * random() * WORDS.length)]);
  }
  return out.join(' ');
}

function isoDay(random: () => number): string {
  const start = Date.UTC(2024, 0, 1);
  return new Date(start + Math.floor(random() * 540) * 86_400_000).toISOString().slice(0, 10);
}

export function claimDetails(random: () => number) {
  const claimDate = isoDay(random);
  return {
    statement: `${sentence(random, 14)}.`,
    claimant: { name: pick(random, CLAIMANTS), kind: random() < 0.6 ? ('PERSON' as const) : ('ORGANIZATION' as const) },
    claimDate,
    appearances: [{ url: `https://news.example/${randomUUID()}`, outlet: pick(random, OUTLETS), appearedAt: claimDate, firstAppearance: true }],
    language: pick(random, LANGUAGES),
    topics: [pick(random, TOPICS), pick(random, TOPICS)].filter((t, i, all) => all.indexOf(t) === i),
  };
}

export function citationDetails(random: () => number) {
  return {
    url: `https://source.example/${randomUUID()}`,
    title: sentence(random, 8),
    publisher: pick(random, OUTLETS),
    publishedAt: isoDay(random),
    excerpt: `${sentence(random, 30)}.`,
    stance: pick(random, ['SUPPORTS', 'REFUTES', 'CONTEXT'] as const),
    note: null,
    archivedUrl: null,
  };
}

const RATINGS = ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'MISLEADING'];

/**
 * Plans claim number `index`: submitted with five citations; then 20% stay drafts (one revision),
 * 10% are rejected, 20% stay in review with one verdict, 50% are published after two verdicts, and
 * 40% of those are corrected.
 */
export function planClaim(index: number, random: () => number): ClaimPlan {
  const claimId = randomUUID();
  const submitter = CONTRIBUTORS[index % CONTRIBUTORS.length];
  const r1 = REVIEWERS[index % REVIEWERS.length];
  const r2 = REVIEWERS[(index + 7) % REVIEWERS.length];
  const editor = EDITORS[index % EDITORS.length];
  const roll = random();
  const fate: ClaimFate = roll < 0.2 ? 'DRAFT' : roll < 0.3 ? 'REJECTED' : roll < 0.5 ? 'IN_REVIEW' : random() < 0.4 ? 'CORRECTED' : 'PUBLISHED';
  const rating = pick(random, RATINGS);
  const details = claimDetails(random);
  const steps: ClaimPlan['steps'] = [{ actor: submitter, command: () => ({ type: 'SubmitClaim', claimId, ...details }) }];
  const citationIds: string[] = [];
  for (let c = 0; c < 5; c++) {
    const citationId = randomUUID();
    citationIds.push(citationId);
    steps.push({ actor: c % 2 === 0 ? submitter : r1, command: () => ({ type: 'AddCitation', claimId, citationId, ...citationDetails(random) }) });
  }
  const assign = { actor: editor, command: (): ClaimCommand => ({ type: 'AssignReviewers', claimId, reviewers: [r1, r2].map(({ id, name }) => ({ id, name })) }) };
  const verdict = (reviewer: Actor) => ({
    actor: reviewer,
    command: (): ClaimCommand => ({ type: 'RecordVerdict', claimId, verdictId: randomUUID(), rating, rationale: sentence(random, 20), citationIds: citationIds.slice(0, 2) }),
  });
  switch (fate) {
    case 'DRAFT':
      steps.push({ actor: submitter, command: () => ({ type: 'ReviseClaimDetails', claimId, changes: { statement: `${sentence(random, 14)}.` }, reason: 'Quoted more exactly' }) });
      break;
    case 'REJECTED':
      steps.push(assign, { actor: editor, command: () => ({ type: 'RejectClaim', claimId, reason: 'Not check-worthy: an opinion, not a fact' }) });
      break;
    case 'IN_REVIEW':
      steps.push(assign, verdict(r1));
      break;
    case 'PUBLISHED':
    case 'CORRECTED':
      steps.push(assign, verdict(r1), verdict(r2), {
        actor: editor,
        command: () => ({ type: 'PublishFactCheck', claimId, rating, summary: sentence(random, 25) }),
      });
      if (fate === 'CORRECTED') {
        steps.push({
          actor: editor,
          command: () => ({ type: 'CorrectFactCheck', claimId, note: 'A figure in the summary was wrong', newSummary: sentence(random, 25), addedCitationIds: [citationIds[4]] }),
        });
      }
      break;
  }
  return { claimId, fate, steps };
}

/**
 * The long claim the audit queries read: submitted, twenty citations, two reviewers and a verdict,
 * then revisions of its details, citations and verdict until it has `events` events.
 */
export function* longClaimCommands(claimId: string, events: number, random: () => number): Generator<{ actor: Actor; command: (writer: ClaimWriter) => ClaimCommand }> {
  const submitter = CONTRIBUTORS[0];
  const reviewer = REVIEWERS[0];
  const editor = EDITORS[0];
  yield { actor: submitter, command: () => ({ type: 'SubmitClaim', claimId, ...claimDetails(random) }) };
  const citationIds: string[] = [];
  for (let c = 0; c < 20; c++) {
    const citationId = randomUUID();
    citationIds.push(citationId);
    yield { actor: submitter, command: () => ({ type: 'AddCitation', claimId, citationId, ...citationDetails(random) }) };
  }
  yield { actor: editor, command: () => ({ type: 'AssignReviewers', claimId, reviewers: [{ id: reviewer.id, name: reviewer.name }, { id: REVIEWERS[1].id, name: REVIEWERS[1].name }] }) };
  const verdictId = randomUUID();
  yield {
    actor: reviewer,
    command: () => ({ type: 'RecordVerdict', claimId, verdictId, rating: 'MIXED', rationale: sentence(random, 20), citationIds: citationIds.slice(0, 3) }),
  };
  for (let i = 0; ; i++) {
    const kind = i % 3;
    if (kind === 0) {
      yield { actor: submitter, command: () => ({ type: 'ReviseClaimDetails', claimId, changes: { statement: `${sentence(random, 14)} (${i}).` }, reason: `Revision ${i}` }) };
    } else if (kind === 1) {
      yield {
        actor: submitter,
        command: () => ({ type: 'ReviseCitation', claimId, citationId: citationIds[i % citationIds.length], changes: { excerpt: `${sentence(random, 30)} (${i}).` }, reason: `Revision ${i}` }),
      };
    } else {
      yield { actor: reviewer, command: () => ({ type: 'ReviseVerdict', claimId, verdictId, rationale: `${sentence(random, 20)} (${i}).`, reason: `Revision ${i}` }) };
    }
    if (i > events) return;
  }
}

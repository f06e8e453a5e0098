/**
 * The case-file format (`format: "factcheck-case/1"`): a whole fact-check desk's work on one story,
 * with the people who did each act. `npm run import -- file.json` replays it through the public
 * GraphQL API, each act with its person's token. Keys (`key`) are the file's own names for things;
 * they make a re-import recognise what it already did.
 */
import type { CitationStance } from '../claims/domain/claim';
import type { Role } from '../shared/actor';

export const CASE_FILE_FORMAT = 'factcheck-case/1';

export interface CaseFile {
  format: typeof CASE_FILE_FORMAT;
  /** Stable identifier of the case; part of every mutation id, so two cases never collide. */
  slug: string;
  title: string;
  description?: string;
  /** Everyone who acts in the file, by a short id (the token's `sub`). */
  people: Record<string, { name: string; roles: Role[] }>;
  claims: CaseClaim[];
}

export interface CaseClaim {
  key: string;
  submittedBy: string;
  statement: string;
  claimant: { name: string; kind: 'PERSON' | 'ORGANIZATION' };
  /** ISO date the claim was made. */
  claimDate: string;
  language: string;
  topics: string[];
  appearances: { url: string; outlet: string; appearedAt: string; firstAppearance: boolean }[];
  citations: CaseCitation[];
  /** Reviewers the editor assigns (opens the review). */
  review?: { assignedBy: string; reviewers: string[] };
  verdicts?: CaseVerdict[];
  /** A claim that is not check-worthy (an opinion, say). */
  rejection?: { by: string; reason: string };
  publication?: { by: string; rating: string; summary: string; justification?: string };
  corrections?: { by: string; note: string; newRating?: string; newSummary?: string; addCitations?: string[] }[];
}

export interface CaseCitation {
  key: string;
  addedBy: string;
  url: string;
  title: string;
  publisher: string;
  publishedAt?: string;
  /** A short verbatim quote from the source. */
  excerpt: string;
  stance: CitationStance;
  note?: string;
  archivedUrl?: string;
  /**
   * Acts that happen once the verdicts are in (after new evidence arrived): the citation is added
   * then, and verdict revisions can cite it. Default: added before the review.
   */
  late?: boolean;
}

export interface CaseVerdict {
  by: string;
  rating: string;
  rationale: string;
  /** Keys of this claim's citations. */
  citations: string[];
  /** Later revisions of this verdict (e.g. after new evidence), in order. */
  revisions?: { rating?: string; rationale?: string; citations?: string[]; reason: string }[];
}

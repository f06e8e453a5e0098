/**
 * The case-file formats: a whole fact-check desk's work on one story, with the people who did each
 * act. Keys (`key`) are the file's own names for things; they make a re-import recognise what it
 * already did.
 *
 * - `factcheck-case/2` (case-file.v2.types.ts): every act of the desk, in order per claim, each with
 *   its person and its time.
 * - `factcheck-case/1` (below): a claim's outcome in fixed fields (citations, review, verdicts,
 *   publication, corrections), no times. Still read and planned exactly as before.
 *
 * These interfaces are also the source of the JSON Schemas in schemas/ (`npm run case:schema`):
 * the JSDoc tags (`@pattern`, `@format`, `@maxLength`…) end up there, for editors.
 */
import type { CitationStance } from '../claims/domain/claim';
import type { CASE_FILE_FORMAT_V1, CaseAppearance, CaseClaimant, CaseDate, CaseKey, CaseLine, CasePeople, CaseUrl } from './case-file.parts.types';
import type { CaseClaimV2, CaseFileV2 } from './case-file.v2.types';

export { CASE_FILE_FORMAT, CASE_FILE_FORMAT_V1, CASE_FILE_FORMAT_V2, CASE_FILE_FORMATS } from './case-file.parts.types';
export type { CaseAppearance, CaseClaimant, CaseDate, CaseKey, CaseLine, CasePeople, CasePerson, CaseUrl } from './case-file.parts.types';

/** A case file of either format. */
export type CaseFile = CaseFileV1 | CaseFileV2;
/** A claim of either format (a file's claims are all of its format). */
export type CaseClaim = CaseClaimV1 | CaseClaimV2;

/** A file of the first format: each claim's outcome in fixed fields, no times. */
export interface CaseFileV1 {
  /** For editors: the JSON Schema the file follows (schemas/). Ignored by the service. */
  $schema?: string;
  format: typeof CASE_FILE_FORMAT_V1;
  /** Stable identifier of the case; part of every mutation id, so two cases never collide. */
  slug: CaseKey;
  /** @maxLength 300 */
  title: CaseLine;
  /** @maxLength 4000 */
  description?: string;
  /** @minProperties 1 */
  people: CasePeople;
  /** @minItems 1 */
  claims: CaseClaimV1[];
}

export interface CaseClaimV1 {
  key: CaseKey;
  submittedBy: CaseKey;
  /** @maxLength 4000 */
  statement: string;
  claimant: CaseClaimant;
  /** ISO date the claim was made. */
  claimDate: CaseDate;
  /** @pattern ^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$ */
  language: string;
  /** @maxItems 20 */
  topics: CaseLine[];
  /** @maxItems 50 */
  appearances: CaseAppearance[];
  /** @maxItems 200 */
  citations: CaseCitationV1[];
  /** Reviewers the editor assigns (opens the review). */
  review?: {
    assignedBy: CaseKey;
    /**
     * Each once.
     * @minItems 1
     * @maxItems 20
     */
    reviewers: CaseKey[];
  };
  /** @maxItems 20 */
  verdicts?: CaseVerdictV1[];
  /** A claim that is not check-worthy (an opinion, say). Format 1 has nothing after it. */
  rejection?: { by: CaseKey; reason: string };
  publication?: { by: CaseKey; rating: string; summary: string; justification?: string };
  /** @maxItems 50 */
  corrections?: { by: CaseKey; note: string; newRating?: string; newSummary?: string; addCitations?: CaseKey[] }[];
}

export interface CaseCitationV1 {
  key: CaseKey;
  addedBy: CaseKey;
  url: CaseUrl;
  /** @maxLength 500 */
  title: CaseLine;
  /** @maxLength 300 */
  publisher: CaseLine;
  publishedAt?: CaseDate;
  /** A short verbatim quote from the source. @maxLength 4000 */
  excerpt: string;
  stance: CitationStance;
  /** @maxLength 4000 */
  note?: string;
  archivedUrl?: CaseUrl;
  /**
   * Acts that happen once the verdicts are in (after new evidence arrived): the citation is added
   * then, and verdict revisions can cite it. Default: added before the review.
   */
  late?: boolean;
}

export interface CaseVerdictV1 {
  by: CaseKey;
  /** @maxLength 40 */
  rating: string;
  /** @maxLength 8000 */
  rationale: string;
  /** Keys of this claim's citations. @minItems 1 @maxItems 50 */
  citations: CaseKey[];
  /** Later revisions of this verdict (e.g. after new evidence), in order. @maxItems 50 */
  revisions?: {
    rating?: string;
    rationale?: string;
    /**
     * A new list of the citations it rests on.
     * @minItems 1
     */
    citations?: CaseKey[];
    reason: string;
  }[];
}

/** Names the v1 types had before format 2 came. */
export type CaseCitation = CaseCitationV1;
export type CaseVerdict = CaseVerdictV1;
export type { CaseFileV2, CaseClaimV2 };

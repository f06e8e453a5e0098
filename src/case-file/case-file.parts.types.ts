/**
 * What both case-file formats share: their names, and the parts of a case that read the same in each
 * (keys, people, a claimant, an appearance, the spelling of dates and URLs). Separate so that each
 * format's types can use them without importing the other's.
 */
import type { Role } from '../shared/actor';

export const CASE_FILE_FORMAT_V1 = 'factcheck-case/1';
export const CASE_FILE_FORMAT_V2 = 'factcheck-case/2';
/** Kept for callers that named the first format so. */
export const CASE_FILE_FORMAT = CASE_FILE_FORMAT_V1;
export const CASE_FILE_FORMATS = [CASE_FILE_FORMAT_V1, CASE_FILE_FORMAT_V2] as const;

/**
 * A short name the file gives to something: lower-case letters, digits and dashes.
 * @pattern ^[a-z0-9][a-z0-9-]{0,79}$
 */
export type CaseKey = string;

/**
 * A text of one line (a name, a title), not blank.
 * @minLength 1
 */
export type CaseLine = string;

/**
 * A calendar day (YYYY-MM-DD), or a date-time with its offset.
 * @pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$
 */
export type CaseDate = string;

/**
 * An http(s) URL.
 * @pattern ^https?://
 * @maxLength 2048
 */
export type CaseUrl = string;

/** A person who acts in the file. */
export interface CasePerson {
  /** @maxLength 300 */
  name: CaseLine;
  /**
   * What they may do on the desk.
   * @minItems 1
   */
  roles: Role[];
}

/** Everyone who acts in the file, by a short id (the token's `sub`). */
export type CasePeople = Record<CaseKey, CasePerson>;

/** Who made the claim. */
export interface CaseClaimant {
  /** @maxLength 300 */
  name: CaseLine;
  kind: 'PERSON' | 'ORGANIZATION';
}

/** Where the claim was published or said. */
export interface CaseAppearance {
  url: CaseUrl;
  /** @maxLength 300 */
  outlet: CaseLine;
  /** When it appeared there; not in the future. */
  appearedAt: CaseDate;
  /** Exactly one appearance of a claim is the first. */
  firstAppearance: boolean;
}

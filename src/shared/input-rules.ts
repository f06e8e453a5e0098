/**
 * Plain rules of what an input may look like, shared by the GraphQL fields (src/graphql/fields.ts)
 * and the case-file validator, so that a file which passes the validator is not refused by the API.
 */

export const ID_MAX_LENGTH = 100;
export const URL_MAX_LENGTH = 2048;

/** A BCP 47 language tag such as en, ru or pt-BR. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** An absolute http(s) URL, as class-validator's `isURL` takes its options. */
export const HTTP_URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

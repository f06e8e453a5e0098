/** The most a reader or an editor may write into a kept-forever event, in characters. */
export const CORRECTION_LIMITS = {
  problem: 4000,
  publicReason: 2000,
  /** An e-mail address or a phone number: enough for either, too little for a letter. */
  contact: 320,
} as const;

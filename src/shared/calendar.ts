/**
 * The latest calendar date (YYYY-MM-DD) that is "today or earlier" somewhere on Earth right now.
 * Clocks run up to UTC+14, so a claim made today in Baku or Auckland must not be refused as
 * future-dated just because it is still yesterday in UTC.
 */
export function latestLocalDate(now: Date): string {
  return new Date(now.getTime() + 14 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * What the command path reports about itself: how long each command took and how it ended. The
 * module provides it from the service's Prometheus metrics; the use cases do not know which.
 */
export interface CommandMetrics {
  /** Starts the clock on one command; the returned function stops it, once, with the command's labels. */
  startTimer(): (labels: { command: string; outcome: string }) => void;
}

export const COMMAND_METRICS = Symbol('COMMAND_METRICS');

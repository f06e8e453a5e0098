import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds: from a millisecond (a command, a live batch) to a slow rebuild. */
const COMMAND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const APPLY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];

/** Prometheus metrics of this instance, exposed at GET /metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly commandDuration = new Histogram({
    ...this.named('factcheck_command_duration_seconds', 'Time from receiving a desk command to answering it (decide, append, read model applied), by command type and outcome.'),
    labelNames: ['command', 'outcome'] as const,
    buckets: COMMAND_BUCKETS,
  });

  readonly eventsApplied = new Counter(this.named('factcheck_projection_events_applied_total', 'Events applied to the read models by this instance.'));

  readonly projectionDelay = new Histogram({
    ...this.named('factcheck_projection_apply_delay_seconds', 'Time from an event being recorded to its batch being committed to the read models.'),
    buckets: APPLY_BUCKETS,
  });

  readonly projectionLag = new Gauge(this.named('factcheck_projection_lag_seconds', 'How far the read models trail the event log, in seconds (0 when caught up).'));

  readonly projectionCheckpoint = new Gauge(this.named('factcheck_projection_checkpoint_position', 'Global position of the last event applied to the read models.'));

  readonly logPosition = new Gauge(this.named('factcheck_event_log_position', 'Global position of the last event in the event store.'));

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'factcheck_' });
  }

  /** Every metric is registered with this instance's registry only (tests boot several apps in one process). */
  private named(name: string, help: string) {
    return { name, help, registers: [this.registry] };
  }
}

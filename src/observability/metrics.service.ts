import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this instance, exposed at GET /metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly commandDuration = new Histogram({
    name: 'factcheck_command_duration_seconds',
    help: 'Time from receiving a desk command to answering it (decide, append, read model applied), by command type and outcome.',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly eventsApplied = new Counter({
    name: 'factcheck_projection_events_applied_total',
    help: 'Events applied to the read models by this instance.',
    registers: [this.registry],
  });

  readonly projectionDelay = new Histogram({
    name: 'factcheck_projection_apply_delay_seconds',
    help: 'Time from an event being recorded to its batch being committed to the read models.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: 'factcheck_projection_lag_seconds',
    help: 'How far the read models trail the event log, in seconds (0 when caught up).',
    registers: [this.registry],
  });

  readonly projectionCheckpoint = new Gauge({
    name: 'factcheck_projection_checkpoint_position',
    help: 'Global position of the last event applied to the read models.',
    registers: [this.registry],
  });

  readonly logPosition = new Gauge({
    name: 'factcheck_event_log_position',
    help: 'Global position of the last event in the event store.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'factcheck_' });
  }
}

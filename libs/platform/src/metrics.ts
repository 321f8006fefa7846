import { Counter, Gauge, Histogram, collectDefaultMetrics } from 'prom-client';

collectDefaultMetrics();

/** The service metrics (README "Operations"), one set per process, served by `GET /metrics` on METRICS_PORT (MetricsServer). */
export const metrics = {
  httpDuration: new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP API request latency',
    labelNames: ['method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  }),
  sendPipeline: new Histogram({
    name: 'send_pipeline_seconds',
    help: 'From publishing MessageSent to the assembled result reaching the gateway',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  }),
  eventsProcessed: new Counter({ name: 'events_processed_total', help: 'Events applied by a consumer', labelNames: ['consumer', 'type'] }),
  batchSize: new Histogram({
    name: 'consumer_batch_size',
    help: 'Messages per consumed batch',
    labelNames: ['consumer'],
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
  }),
  consumerLag: new Gauge({
    name: 'consumer_lag',
    help: 'Messages behind the partition end after the last batch',
    labelNames: ['consumer', 'topic', 'partition'],
  }),
  deadLetters: new Counter({
    name: 'dead_letters_total',
    help: 'Messages sent to the dead-letter topic, by why (malformed, data, bug)',
    labelNames: ['consumer', 'reason'],
  }),
  consumerFailures: new Counter({
    name: 'consumer_failures_total',
    help: 'Failed attempts to apply a batch or an event, by kind (data, transient, bug)',
    labelNames: ['consumer', 'kind'],
  }),
  ledgerRepeats: new Counter({
    name: 'consumer_repeats_skipped_total',
    help: 'Records a consumer was handed again and skipped (already applied)',
    labelNames: ['consumer'],
  }),
  outboxPublishFailures: new Counter({
    name: 'outbox_publish_failures_total',
    help: 'Outbox publishes that failed (the rows stay for the sweeper, in order per key)',
    labelNames: ['source'],
  }),
  outboxUnpublished: new Gauge({
    name: 'outbox_unpublished',
    help: 'Unpublished outbox rows older than the sweep delay, as the last sweep found them',
    labelNames: ['source'],
  }),
  // Set by every /health/ready answer: a series that keeps changing is a pod flapping in and out of its Service.
  ready: new Gauge({ name: 'health_ready', help: 'Whether the last readiness check passed (1) or not (0)' }),
  callsRefused: new Counter({
    name: 'rpc_calls_refused_total',
    help: 'API calls refused with 503 SERVER_OVERLOADED because MAX_CALLS_IN_FLIGHT calls were in hand',
  }),
  callsInFlight: new Gauge({ name: 'rpc_calls_in_flight', help: 'API calls this process is working on now' }),
  updateStreams: new Gauge({ name: 'update_streams_open', help: 'Live update streams (SSE) this gateway serves now' }),
  updateStreamsCutOff: new Counter({
    name: 'update_streams_cut_off_total',
    help: 'Update streams ended because the reader took nothing for SSE_SLOW_READER_MS',
  }),
};

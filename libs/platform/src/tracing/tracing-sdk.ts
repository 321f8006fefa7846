import { NodeSDK, resources } from '@opentelemetry/sdk-node';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { TracingSettings } from '../config';
import { keepCreationContext } from '../event-log/kafka/creation-context';

/** Probes and scrapes come every few seconds and belong to no call: they make no spans. */
const PROBES = /^\/(health|metrics)(\/|\?|$)/;

/**
 * The SDK as configured by the standard OTEL_* settings (exporter, endpoint, protocol, sampler,
 * batching, resource), with the maintained instrumentations of the libraries the services use.
 * Traces only: metrics stay on Prometheus `/metrics`, logs on stdout.
 */
export function tracingSdk(service: string, settings: TracingSettings): NodeSDK {
  return new NodeSDK({
    // The app's name by default: what the SDK detects (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) is merged over it.
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ 'service.name': service })),
    spanLimits: { linkCountLimit: settings.linkCountLimit },
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => PROBES.test(request.url ?? '') }),
      new FastifyOtelInstrumentation({ registerOnInitialization: true, ignorePaths: ({ url }) => PROBES.test(url) }),
      new NestInstrumentation(),
      // Statements outside any call or batch (sweepers, pollers) would each be a trace of one span.
      // Parameters are never recorded (enhancedDatabaseReporting stays off): they hold phone numbers.
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation({ producerHook: keepCreationContext }),
    ],
  });
}

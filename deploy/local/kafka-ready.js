#!/usr/bin/env node
// Readiness probe for the local broker: exits 0 once the admin client's describeCluster()
// succeeds (a log line is not proof the broker serves requests), non-zero on timeout.
// Usage: node deploy/local/kafka-ready.js [brokers=127.0.0.1:9092] [timeoutSeconds=60]
'use strict';
const path = require('path');
// Resolve kafkajs from the repo's node_modules regardless of the caller's cwd.
const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [path.resolve(__dirname, '../..')] }));

const brokers = (process.argv[2] || '127.0.0.1:9092').split(',');
const timeoutMs = Number(process.argv[3] || 60) * 1000;
const deadline = Date.now() + timeoutMs;

async function main() {
  // logLevel.NOTHING: connection-refused errors are expected while the broker boots.
  // retry.retries 0: we do our own polling against one deadline.
  const kafka = new Kafka({
    clientId: 'kafka-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.disconnect();
      console.log(`kafka ready at ${brokers.join(',')} (cluster ${cluster.clusterId}, controller ${cluster.controller})`);
      return 0;
    } catch (err) {
      lastError = err && err.message ? err.message : String(err);
      await admin.disconnect().catch(() => {});
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  console.error(`kafka not ready at ${brokers.join(',')} after ${timeoutMs / 1000}s: ${lastError}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);

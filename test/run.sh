#!/usr/bin/env bash
# The README's test command: real Postgres and a real Kafka broker (started if needed), a fresh
# build of the services (the end-to-end tests run them as separate processes), then jest.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/node-env.sh
bash deploy/local/postgres.sh ensure
bash deploy/local/kafka.sh ensure
npm run --silent build
export KAFKAJS_NO_PARTITIONER_WARNING=1
mkdir -p .data
status=0
npx jest --selectProjects unit --json --outputFile=.data/jest-unit.json "$@" || status=$?
# No --experimental-vm-modules: under it jest refuses Nest's ES modules; PGlite's import() calls, which
# needed it, are made require() calls by jest's transform (jest.config.js).
npx jest --selectProjects e2e --runInBand --json --outputFile=.data/jest-e2e.json "$@" || status=$?
# One closing line for both runs, in the plain "N passed, N failed" form CI reads.
node -e 'const r = ["unit", "e2e"].map((p) => { try { return require("./.data/jest-" + p + ".json"); } catch { return { numPassedTests: 0, numFailedTests: 1 }; } });
console.log(`tests: ${r.reduce((n, x) => n + x.numPassedTests, 0)} passed, ${r.reduce((n, x) => n + x.numFailedTests, 0)} failed`);'
exit "$status"

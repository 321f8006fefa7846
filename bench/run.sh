#!/usr/bin/env bash
# `npm run bench`: Postgres and the Kafka broker up if needed, a fresh build of the services, the
# bench and (when present) the ops CLI, then dist/bench/main.js prints one table and writes it to
# bench/results/ as JSON and Markdown. Not part of `npm test`. Settings: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/node-env.sh
bash deploy/local/postgres.sh ensure
bash deploy/local/kafka.sh ensure

build() {
  npm run --silent build   # services, the ops CLI and the bench itself (tsconfig.build.json)
}

# The run takes many minutes and dist/ is shared: it runs from a private copy, so someone else's
# rebuild or clean of dist/ meanwhile cannot break the processes it starts.
snapshot=".data/bench/dist-$$"
trap 'rm -rf "$snapshot"' EXIT
complete() { [[ -f "$1/bench/main.js" && -f "$1/apps/link-projector/src/main.js" ]] && ! grep -rqs 'require("@app/' "$1"; }
for attempt in 1 2; do
  build
  rm -rf "$snapshot" && mkdir -p "$(dirname "$snapshot")" && cp -a dist "$snapshot"
  complete "$snapshot" && break
  [[ $attempt == 2 ]] && { echo "bench: dist/ changed under the build twice (someone else building?); try again" >&2; exit 1; }
  echo "bench: dist/ changed during the build (someone else building?); building again" >&2
done
export CONTACT_LINKS_DIST="$PWD/$snapshot"
export KAFKAJS_NO_PARTITIONER_WARNING=1
node "$snapshot/bench/main.js"

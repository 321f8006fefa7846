#!/usr/bin/env bash
# Offline checks of the Kubernetes deployment (deploy/README.md, "Checks"). Installs what it needs
# (npm devDependencies, Java and Maven from apt, Strimzi's CRD generator from Maven Central,
# cached in the git-ignored .cache/deploy/), then:
#   1. kustomize build of every overlay;
#   2. every rendered object against its schema (deploy/check/validate.js);
#   3. the cross-file test test/deploy/manifests.spec.ts (probes, env, scaling bounds, topics,
#      images, Dockerfile lint and entry points).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE="$ROOT/.cache/deploy"
OVERLAYS=(dev prod)
STRIMZI_VERSION=0.45.0
STRIMZI="$CACHE/strimzi-$STRIMZI_VERSION"
CRD="$STRIMZI/kafkatopic-crd.yaml"

log() { echo "deploy/check: $*"; }
die() { echo "deploy/check: $*" >&2; exit 1; }

# --- tools ---
if ! node -e 'for (const m of ["yaml", "ajv", "kubernetes-models/package.json", "@kubernetes-models/keda/package.json", "@kubernetes-models/prometheus-operator/package.json", "@prometheus-io/lezer-promql", "dockerfile-utils", "jest", "ts-jest", "typescript"]) require.resolve(m)' 2>/dev/null; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

KUSTOMIZE_TOOL="$(bash deploy/check/kustomize.sh --which)" || exit 1

if [[ ! -s "$CRD" ]]; then
  need_apt=()
  command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || need_apt+=(maven)
  if ((${#need_apt[@]})); then
    log "installing ${need_apt[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
  fi
  mkdir -p "$STRIMZI"
  if ! compgen -G "$STRIMZI/libs/*.jar" >/dev/null; then
    log "fetching Strimzi $STRIMZI_VERSION api and crd-generator from Maven Central (log: $STRIMZI/mvn.log)"
    rm -rf "$STRIMZI/libs.partial"
    mvn -B -q -f deploy/check/strimzi/pom.xml dependency:copy-dependencies -Dstrimzi.version="$STRIMZI_VERSION" \
      -DincludeScope=runtime -DoutputDirectory="$STRIMZI/libs.partial" >"$STRIMZI/mvn.log" 2>&1 \
      || { tail -n 20 "$STRIMZI/mvn.log" >&2; die "Maven could not resolve Strimzi $STRIMZI_VERSION"; }
    mv "$STRIMZI/libs.partial" "$STRIMZI/libs"   # only a complete download counts as cached
  fi
  log "generating the KafkaTopic CRD with Strimzi's CrdGenerator"
  java -cp "$STRIMZI/libs/*" io.strimzi.crdgenerator.CrdGenerator --crd-api-version v1 \
    --yaml "io.strimzi.api.kafka.model.topic.KafkaTopic=$CRD.partial" >"$STRIMZI/generator.log" 2>&1 \
    || { tail -n 20 "$STRIMZI/generator.log" >&2; die "Strimzi's CrdGenerator failed"; }
  mv "$CRD.partial" "$CRD"
fi

# --- 1. render ---
mkdir -p "$CACHE/rendered"
rendered=()
for overlay in "${OVERLAYS[@]}"; do
  out="$CACHE/rendered/$overlay.yaml"
  bash deploy/check/kustomize.sh "deploy/k8s/overlays/$overlay" >"$out" || die "kustomize build of overlays/$overlay failed"
  rendered+=("$out")
done
log "1. kustomize build ok: ${OVERLAYS[*]} ($KUSTOMIZE_TOOL)"

# --- 2. schemas ---
node deploy/check/validate.js --crd "$CRD" "${rendered[@]}" || die "schema validation failed"
log "2. schemas ok (kubernetes-models, @kubernetes-models/keda, @kubernetes-models/prometheus-operator, Strimzi $STRIMZI_VERSION KafkaTopic CRD)"

# --- 3. cross-file test and Dockerfile lint ---
# jest.config.js's unit project, with testMatch narrowed to this test: runs the same way whether
# or not the unit project's globs include test/deploy yet.
config="$(node -e 'const unit = require("./jest.config.js").projects.find((p) => p.displayName === "unit");
  console.log(JSON.stringify({ ...unit, testMatch: ["<rootDir>/test/deploy/**/*.spec.ts"] }))')"
npx jest --config "$config" || die "test/deploy failed"
log "3. cross-file test ok"
log "all checks passed"

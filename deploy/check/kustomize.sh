#!/usr/bin/env bash
# Renders a kustomization to stdout with a kustomize of major version 5 or later (the manifests
# use `patches` with targets and `labels`, which older ones lack), the first found of:
#   $KUSTOMIZE (a kustomize binary), `kustomize` on PATH, `kubectl kustomize`.
#   deploy/check/kustomize.sh <dir>     render
#   deploy/check/kustomize.sh --which   print the tool and its version
# Exits 3 with a message when none is found. Debian's kubernetes-client (kubectl 1.20, kustomize
# v2) is too old, and no other registry reachable here ships one; the machine image's kubectl does.
set -euo pipefail

major() { sed -n 's/.*v\([0-9][0-9]*\)\.[0-9].*/\1/p' | head -n 1; }

tool=()
if [[ -n "${KUSTOMIZE:-}" ]]; then
  tool=("$KUSTOMIZE" build)
  version="$("$KUSTOMIZE" version 2>/dev/null | head -n 1 || true)"
elif command -v kustomize >/dev/null && [[ "$(kustomize version 2>/dev/null | major)" -ge 5 ]]; then
  tool=(kustomize build)
  version="$(kustomize version 2>/dev/null | head -n 1)"
elif command -v kubectl >/dev/null; then
  version="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"
  if [[ "$(major <<<"$version")" -ge 5 ]]; then
    tool=(kubectl kustomize)
    version="kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: //p'), kustomize $version"
  fi
fi
if ((${#tool[@]} == 0)); then
  echo "kustomize.sh: no kustomize v5+ found (set KUSTOMIZE=/path/to/kustomize, or install kubectl >= 1.27," \
    "which has kustomize v5 built in as 'kubectl kustomize')" >&2
  exit 3
fi

case "${1:?usage: kustomize.sh <dir> | --which}" in
  --which) echo "${tool[*]} ($version)" ;;
  *) exec "${tool[@]}" "$1" ;;
esac

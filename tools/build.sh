#!/usr/bin/env bash
# `npm run build`: compile into a fresh folder, rewrite the @app/* path aliases, then swap it in
# as dist/ in one rename, so a process started during a rebuild never sees a half-written dist.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d "$PWD/.build-XXXXXX")"
trap 'rm -rf "$out"' EXIT
npx tsc -p tsconfig.build.json --outDir "$out"
npx tsc-alias -p tsconfig.build.json --outDir "$out"
old="$(mktemp -d "$PWD/.dist-old-XXXXXX")"
[[ -d dist ]] && mv dist "$old/"
chmod 755 "$out"
mv "$out" dist
rm -rf "$old"

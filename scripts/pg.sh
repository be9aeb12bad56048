#!/usr/bin/env bash
# A private PostgreSQL server for the tests: `pg.sh start` prints `export CSRATING_TEST_POSTGRES_URL=...`
# (use with eval), `pg.sh stop` stops it. Installs Debian's postgresql package when no server is present
# (needs root, as on CI and the project's machines). Listens on 127.0.0.1 only.
set -euo pipefail
cmd=${1:-start}
port=${CSRATING_PG_PORT:-55433}
# the server's data stays inside the checkout (.pg/, ignored by git), one folder per port
dir=${CSRATING_PG_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.pg/$port}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL server binaries not found and not root: install the postgresql package" >&2
    exit 1
  fi
  echo "installing PostgreSQL (Debian package postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    fi
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='csrating_test'" \
      | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres csrating_test
    # the two roles of a production database: csrating_owner owns the schema and runs the migrations;
    # csrating_app is what the application connects as (SELECT and INSERT on the judgement log, owns nothing)
    for role in csrating_owner csrating_app; do
      "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$role'" \
        | grep -q 1 || "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE ROLE $role LOGIN" >/dev/null
    done
    echo "export CSRATING_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$port/csrating_test"
    echo "export CSRATING_TEST_POSTGRES_OWNER=csrating_owner CSRATING_TEST_POSTGRES_APP=csrating_app"
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ]; then as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true; fi
    ;;
  *)
    echo "usage: pg.sh start|stop" >&2
    exit 2
    ;;
esac

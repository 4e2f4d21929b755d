#!/usr/bin/env bash
# Installs what the test suites need beyond the .NET SDK: the PostgreSQL server binaries.
# Idempotent: does nothing when they are present. The tests start their own private server
# (test/TestKit PostgresServer), so the distribution's cluster service is neither needed nor started.
set -euo pipefail

have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

if have_postgres; then
  echo "PostgreSQL server binaries present: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL server binaries are missing (no /usr/lib/postgresql/*/bin/initdb)." >&2
  echo "Install them as root:  sudo $0   (or: sudo apt-get install -y postgresql)" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL server binaries are missing and this script only knows apt-get." >&2
  echo "Install the PostgreSQL server with your package manager, or set PIPELINE_TEST_POSTGRES to a connection string of a server the tests may create databases on." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Keep the package's post-install step from starting the distribution's cluster service: the tests run their own server.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get update
apt-get install -y --no-install-recommends postgresql

if ! have_postgres; then
  echo "apt-get installed postgresql but /usr/lib/postgresql/*/bin/initdb is still missing." >&2
  exit 1
fi
echo "PostgreSQL server binaries installed: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"

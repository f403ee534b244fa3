#!/bin/sh
# Installs PostgreSQL 15 and PostGIS 3 from Debian when missing: the PostgreSQL store's tests start
# a throwaway cluster from these binaries (test/kit/pg-cluster.ts). CI calls this before `npm test`.
set -eu

if [ -x /usr/lib/postgresql/15/bin/postgres ] && [ -f /usr/share/postgresql/15/extension/postgis.control ]; then
  echo "ensure-postgres: postgresql-15 and postgresql-15-postgis-3 already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "ensure-postgres: installing postgresql-15 postgresql-15-postgis-3"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-15-postgis-3
/usr/lib/postgresql/15/bin/postgres --version

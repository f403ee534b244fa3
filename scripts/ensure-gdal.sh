#!/bin/sh
# Installs Debian's GDAL (ogrinfo, ogr2ogr, gdaltransform) when missing: the OGC API tests run
# the real desktop client against the service (test/ogc/gdal.test.ts). CI calls this before `npm test`.
set -eu

if command -v ogrinfo >/dev/null 2>&1; then
  echo "ensure-gdal: $(ogrinfo --version) already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "ensure-gdal: installing gdal-bin"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends gdal-bin
ogrinfo --version

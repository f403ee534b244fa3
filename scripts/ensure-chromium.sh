#!/bin/sh
# Installs what the browser tests need when it is missing: Debian's chromium (driven by
# playwright-core; never `npx playwright install`) and CJK fonts, without which every Chinese
# character in a screenshot is an empty box. CI calls this before `npm test`.
set -eu

need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need="$need fonts-noto-cjk"
# pdftotext reads the teardown work orders back in the tests (Chinese text must survive).
command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"

if [ -z "$need" ]; then
  echo "ensure-chromium: chromium, fonts-noto-cjk and poppler-utils already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "ensure-chromium: installing$need"
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # $need is a word list on purpose
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
/usr/bin/chromium --version

#!/usr/bin/env bash
# Debian packages csrating needs beyond Python: Pango and HarfBuzz for WeasyPrint (PDF letters), fonts
# metric-compatible with Arial, poppler-utils to check PDFs, Node.js/npm for the accessibility check,
# Chromium for the browser tests of the web application (Playwright drives the system's Chromium).
# (PostgreSQL for the database tests is installed by scripts/pg.sh when it is missing.)
# Installs only what is missing, and only as root; otherwise says what to install.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation poppler-utils nodejs npm chromium)
missing=()
for p in "${PACKAGES[@]}"; do
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "csrating: please install these system packages: ${missing[*]}" >&2
  exit 0
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

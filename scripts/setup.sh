#!/usr/bin/env bash
# Brings a machine to the point where `kumihan build` and the tests can run, and does nothing
# (in well under a second) when everything is already there. Idempotent; safe to run any time.
#   - npm dependencies (npm ci) when node_modules is missing or older than package-lock.json
#   - the compiled CLI in dist/ when any source file is newer than the last compile
#   - Debian packages: Chromium, the BIZ UD fonts, DejaVu Sans (hidden page numbers), poppler-utils, Java + EPUBCheck, pandoc, ghostscript,
#     unzip (the tests check the EPUB's zip with Info-ZIP)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'kumihan setup: %s\n' "$*" >&2; }

# --- Debian packages: "test path|package" pairs, checked by file so the no-op stays fast.
required=(
  "/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf|fonts-morisawa-bizud-mincho"
  "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Bold.ttf|fonts-morisawa-bizud-gothic"
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|fonts-dejavu-core"
  "/usr/bin/pdffonts|poppler-utils"
  "/usr/bin/java|default-jre-headless"
  "/usr/bin/epubcheck|epubcheck"
  "/usr/bin/pandoc|pandoc"
  "/usr/bin/gs|ghostscript"
  "/usr/bin/unzip|unzip"
)
# A browser given through KUMIHAN_BROWSER replaces Debian's chromium.
if [ -z "${KUMIHAN_BROWSER:-}" ]; then required+=("/usr/bin/chromium|chromium"); fi

missing=()
for entry in "${required[@]}"; do
  [ -e "${entry%%|*}" ] || missing+=("${entry##*|}")
done

if [ ${#missing[@]} -gt 0 ]; then
  command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing system packages: ${missing[*]}"
    say "run as root:  $command"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/kumihan-apt.log 2>&1; then
    say "apt-get failed (log: /tmp/kumihan-apt.log); run as root:  $command"
    exit 1
  fi
fi

# --- npm dependencies: npm writes node_modules/.package-lock.json on every install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error >&2
  touch node_modules/.package-lock.json
fi

# --- compiled CLI: recompile when a source file is newer than the last compile.
stamp=dist/.tsbuildinfo
if [ ! -f "$stamp" ] || [ -n "$(find src tsconfig.json -newer "$stamp" -print -quit)" ]; then
  say "compiling TypeScript…"
  npx --no-install tsc -p tsconfig.json >&2
  touch "$stamp"
fi

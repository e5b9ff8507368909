#!/usr/bin/env bash
# Brings a machine to the point where `kumihan build` (setup.sh build) or also the tests
# (setup.sh, setup.sh test) can run, and does nothing (in well under a second) when everything is
# already there. Idempotent; safe to run any time; never needs root when nothing is missing.
#   - npm dependencies (npm ci) when node_modules is missing or older than package-lock.json
#   - the compiled CLI in dist/ when any source file is newer than the last compile, and its
#     bundle (dist/bundle/) when it is older than the compile
#   - a Chromium-family browser, found the way kumihan finds it (KUMIHAN_BROWSER, PATH, the
#     standard places on Linux, macOS and Windows); Debian's chromium when none is found
#   - testing also: poppler-utils, Java + EPUBCheck, pandoc, ghostscript, unzip (the tests check
#     the EPUB's zip with Info-ZIP), calibre (the EPUB → AZW3 → EPUB round trip). No fonts: the
#     book's fonts ship in styles/fonts/.
# Only what is missing is installed, with apt-get, and only as root; otherwise the exact command
# is printed and the script stops.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-test}"
case "$mode" in build | test) ;; *) echo "usage: scripts/setup.sh [build|test]" >&2; exit 2 ;; esac

say() { printf 'kumihan setup: %s\n' "$*" >&2; }

# --- npm dependencies: npm writes node_modules/.package-lock.json on every install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)…"
  # @daisy/ace (a test tool) depends on Electron and Puppeteer: it runs the system Chromium, so
  # neither browser is downloaded (no download is possible here anyway).
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
  touch node_modules/.package-lock.json
fi

# --- compiled CLI: recompile when a source file is newer than the last compile.
stamp=dist/.tsbuildinfo
if [ ! -f "$stamp" ] || [ -n "$(find src tsconfig.json -newer "$stamp" -print -quit)" ]; then
  say "compiling TypeScript…"
  npx --no-install tsc -p tsconfig.json >&2
  touch "$stamp"
fi
# --- the bundled CLI the bin runs (scripts/bundle.mjs), remade after every compile.
# The same rule as the bin's (src/cli/bundled.ts): stale after a compile, an install or a change of the scripts.
bundle=dist/bundle/kumihan.js
if [ ! -f "$bundle" ] || [ "$stamp" -nt "$bundle" ] || [ node_modules/.package-lock.json -nt "$bundle" ] || [ scripts/bundle.mjs -nt "$bundle" ] || [ scripts/bundle-parts/epub-html-parse.cjs -nt "$bundle" ]; then
  say "bundling the CLI…"
  node scripts/bundle.mjs >&2
fi

# --- system packages: "test path|Debian package" pairs, checked by file so the no-op stays fast.
required=()
if [ "$mode" = test ]; then
  required+=(
    "/usr/bin/pdffonts|poppler-utils"
    "/usr/bin/java|default-jre-headless"
    "/usr/bin/epubcheck|epubcheck"
    "/usr/bin/pandoc|pandoc"
    "/usr/bin/gs|ghostscript"
    "/usr/bin/unzip|unzip"
    "/usr/bin/ebook-convert|calibre"
  )
fi

missing=()
for entry in "${required[@]}"; do
  [ -e "${entry%%|*}" ] || missing+=("${entry##*|}")
done

# The browser: kumihan's own search, so any Chrome, Chromium or Edge the build would use counts.
if ! browser_problem="$(node --input-type=module -e "
  const { findBrowser } = await import('./dist/core/browser.js');
  try { findBrowser(); } catch (error) { console.log(error.message); process.exit(1); }" 2>&1)"; then
  if [ -n "${KUMIHAN_BROWSER:-}" ] || ! command -v apt-get >/dev/null 2>&1; then
    # A wrong KUMIHAN_BROWSER is not fixed by installing another browser; without apt, say what to install.
    say "$browser_problem"
    exit 1
  fi
  missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

packages="${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  say "missing: $packages (Debian package names); install their equivalents for this system"
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  say "missing system packages: $packages"
  say "install them, then run this again:  sudo apt-get update && sudo apt-get install -y --no-install-recommends $packages"
  exit 1
fi
say "installing $packages (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp "${TMPDIR:-/tmp}/kumihan-apt.XXXXXX.log")"
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  say "apt-get failed (log: $log); run:  apt-get update && apt-get install -y --no-install-recommends $packages"
  exit 1
fi
rm -f "$log"

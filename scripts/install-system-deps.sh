#!/usr/bin/env bash
# install-system-deps.sh — Debian packages some optional parts of the pipeline use. Idempotent: looks for what
# is missing and does nothing (not even `apt-get update`) when everything is there.
#
# The default OCR engine (paddle: PP-OCRv4 on onnxruntime-node) and the rasterizer (pdf.js + @napi-rs/canvas)
# come with `npm ci` alone. What `npm test` needs from here is the browser of the review page's end-to-end test
# and the Redis server the queue's tests start (test/queue/*.test.ts; `npm run worker` needs one somewhere):
#
#   scripts/install-system-deps.sh               # check: Chromium + Noto CJK fonts (review/review-page.e2e.test.ts
#                                                # drives /usr/bin/chromium; playwright-core never downloads one)
#                                                # + redis-server
#   scripts/install-system-deps.sh --install     # install what is missing (`npm run setup`), with sudo when not root
#   scripts/install-system-deps.sh --tesseract   # also Tesseract 5 + chi_sim, for `--ocr-engine tesseract` and
#                                                # `bench/ocr-bench.ts --engine tesseract` (engine comparison)
#
# Installing needs root, so it happens only when asked: with --install, in CI (CI=true: a clean machine that
# must get everything), or after a yes at the prompt on a terminal. Otherwise (`npm test`'s pretest on a
# developer's machine) it prints what is missing and the command that installs it, and the tests go on.
set -euo pipefail

install=false
setup_command="npm run setup"
packages=(fonts-noto-cjk)
# Chromium counts as present when any `chromium` is on the PATH (a developer's own build will do); the fonts
# make the page's Chinese text render as text, not boxes, in the test's screenshot.
if ! command -v chromium >/dev/null 2>&1; then packages+=(chromium); fi
# Likewise any `redis-server` on the PATH (Valkey's compatibility binary, a source build) serves the queue tests.
if ! command -v redis-server >/dev/null 2>&1; then packages+=(redis-server); fi
for argument in "$@"; do
  case "$argument" in
    --install) install=true ;;
    --tesseract) packages+=(tesseract-ocr tesseract-ocr-chi-sim); setup_command="npm run setup -- --tesseract" ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "Unknown option $argument (try --help)" >&2; exit 2 ;;
  esac
done
if [ "${CI:-}" = "true" ]; then install=true; fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then missing+=("$package"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: nothing to install${packages[*]:+ (${packages[*]} already present)}"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  # Not Debian (a Mac, say): `npm test` runs this first, so say what is missing instead of failing here; the
  # browser test then names the Chromium it needs (CHROMIUM_PATH points it at another one).
  echo "No apt-get on this system: install ${missing[*]} yourself (for the review page test: a Chromium, and CHROMIUM_PATH if it is not /usr/bin/chromium; for the queue tests: redis-server on the PATH)" >&2
  if [ "$install" = true ]; then exit 1; fi
  exit 0
fi

sudo_prefix=()
if [ "$(id -u)" -ne 0 ]; then sudo_prefix=(sudo); fi
command_text="${sudo_prefix[*]:+${sudo_prefix[*]} }apt-get update && ${sudo_prefix[*]:+${sudo_prefix[*]} }apt-get install --no-install-recommends ${missing[*]}"

if [ "$install" != true ] && [ -t 0 ] && [ -t 1 ]; then
  # On a terminal, ask; the default is no, so a stray Enter never runs sudo.
  read -r -p "Missing system packages: ${missing[*]}. Install them now with \`${command_text}\`? [y/N] " answer || answer=""
  case "$answer" in y|Y|yes|YES) install=true ;; esac
fi
if [ "$install" != true ]; then
  echo "Missing system packages: ${missing[*]} (the review page's browser test and the queue tests need them and will fail without)." >&2
  echo "Install them with \`${setup_command}\`, which runs: ${command_text}" >&2
  exit 0
fi

echo "Installing ${missing[*]}"
"${sudo_prefix[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

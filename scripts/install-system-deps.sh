#!/usr/bin/env bash
# install-system-deps.sh — Debian packages some optional parts of the pipeline use. Idempotent: installs
# only what is missing, and does nothing (not even `apt-get update`) when everything is there.
#
# The default OCR engine (paddle: PP-OCRv4 on onnxruntime-node) and the rasterizer (pdf.js + @napi-rs/canvas)
# come with `npm ci` alone. What `npm test` needs from here is the browser of the review page's end-to-end test:
#
#   scripts/install-system-deps.sh               # Chromium + Noto CJK fonts (review/review-page.e2e.test.ts
#                                                # drives /usr/bin/chromium; playwright-core never downloads one)
#   scripts/install-system-deps.sh --tesseract   # also Tesseract 5 + chi_sim, for `--ocr-engine tesseract` and
#                                                # `bench/ocr-bench.ts --engine tesseract` (engine comparison)
set -euo pipefail

# Chromium counts as present when any `chromium` is on the PATH (a developer's own build will do); the fonts
# make the page's Chinese text render as text, not boxes, in the test's screenshot.
packages=(fonts-noto-cjk)
if ! command -v chromium >/dev/null 2>&1; then packages+=(chromium); fi
for argument in "$@"; do
  case "$argument" in
    --tesseract) packages+=(tesseract-ocr tesseract-ocr-chi-sim) ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "Unknown option $argument (try --help)" >&2; exit 2 ;;
  esac
done

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
  echo "No apt-get on this system: install ${missing[*]} yourself (for the review page test: a Chromium, and CHROMIUM_PATH if it is not /usr/bin/chromium)" >&2
  if [ $# -gt 0 ]; then exit 1; fi
  exit 0
fi

sudo_prefix=()
if [ "$(id -u)" -ne 0 ]; then sudo_prefix=(sudo); fi
echo "Installing ${missing[*]}"
"${sudo_prefix[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

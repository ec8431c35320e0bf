#!/usr/bin/env bash
# Regenerates docs/report.png: labels fixtures/articles with the embedded
# default model (or --model FILE) and takes a headless-Chromium screenshot of
# the report.html it writes, with one sentence tooltip shown as if hovered.
#
#   scripts/screenshot.sh [--model FILE] [OUTPUT.png]
#
# Needs Chromium (Debian: apt-get install chromium fonts-dejavu-core), or
# STANDPOINT_CHROMIUM=/path/to/chrome.
set -euo pipefail
cd "$(dirname "$0")/.."

model=()
if [ "${1:-}" = "--model" ]; then
    model=(--model "$(realpath "$2")")
    shift 2
fi
out=$(realpath -m "${1:-docs/report.png}")

chrome=${STANDPOINT_CHROMIUM:-}
for name in chromium chromium-browser google-chrome; do
    [ -n "$chrome" ] && break
    chrome=$(command -v "$name" || true)
done
if [ -z "$chrome" ]; then
    echo "screenshot.sh: no Chromium found (apt-get install chromium, or set STANDPOINT_CHROMIUM)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run --release --quiet -- label fixtures/articles --out "$work/reports" --quiet "${model[@]}"

# Show, as on hover, the tooltip of the first sentence of the first article
# that has a speaker (cell N is sentence N).
report="$work/reports/report.html"
selector='.c:hover > .tip, .c:focus > .tip {'
grep -qF "$selector" "$report" || {
    echo "screenshot.sh: the tooltip rule changed; update this script" >&2
    exit 1
}
n=$(sed -n '/<div class="art" id="a1">/,/^<\/div>$/p' "$report" |
    grep -o '<b>Sentence [0-9]*</b>, paragraph [0-9]* · speaker' | head -1 |
    sed 's/<b>Sentence \([0-9]*\).*/\1/')
sed "s/\.c:hover > \.tip, \.c:focus > \.tip {/.c:hover > .tip, .c:focus > .tip, #a1 .c:nth-child(${n:-1}) > .tip {/" \
    "$report" >"$work/shown.html"

mkdir -p "$(dirname "$out")"
"$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" --window-size=1280,1560 \
    --screenshot="$out" "file://$work/shown.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "wrote $out"

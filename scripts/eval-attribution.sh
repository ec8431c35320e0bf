#!/usr/bin/env bash
# Speaker attribution accuracy:
#  1. on the hand-written fixture gold (fixtures/articles + fixtures/attribution) and on
#     the per-failure-class articles (fixtures/attribution/articles), per gold speaker_via
#     class and overall, plus in_quote accuracy;
#  2. on the shared real-news gold (../shared/data/attribution/gum_news_speakers.jsonl),
#     scored by ../shared/tools/speaker_eval.py (the texts are written to a temporary folder,
#     never into the repository). Skipped when ../shared is missing.
# Pass --misses to list every wrong fixture speaker; ERRORS=N sets how many wrong real-news
# sentences are listed (default 30).
#
#   scripts/eval-attribution.sh [--misses]
set -euo pipefail
cd "$(dirname "$0")/.."
misses=()
if [[ "${1:-}" == "--misses" ]]; then
    misses=(--misses)
    shift
fi
cargo build -q --release -p standpoint -p standpoint-attribute --example attribution
example=target/release/examples/attribution
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    example="$CARGO_TARGET_DIR/release/examples/attribution"
fi
bin="$(dirname "$(dirname "$example")")/standpoint"

echo "== fixture gold (fixtures/articles)"
"$example" eval fixtures/articles fixtures/attribution "${misses[@]}"
echo
echo "== failure-class articles (fixtures/attribution/articles)"
"$example" eval fixtures/attribution/articles fixtures/attribution/articles "${misses[@]}"

shared=../shared
gold="$shared/data/attribution/gum_news_speakers.jsonl"
docs="$shared/data/sbd/gum_news.jsonl"
if [[ ! -f "$gold" || ! -f "$docs" ]]; then
    echo "($gold not found: real-news evaluation skipped)"
    exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/txt"
python3 - "$docs" "$tmp/txt" <<'EOF'
import json, os, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line)
        with open(os.path.join(sys.argv[2], d["doc_id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(d["text"])
EOF
echo
echo "== real news: GUM Wikinews speaker gold"
"$bin" label "$tmp/txt" --out "$tmp/out" --force --no-html --quiet --csv plain
python3 "$shared/tools/speaker_eval.py" "$gold" "$tmp/out/sentences.csv" --errors "${ERRORS:-30}"

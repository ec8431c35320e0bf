#!/usr/bin/env bash
# Sentence-segmentation accuracy of `standpoint segment` against the gold data
# in ../shared/data/sbd, scored with ../shared/tools/sbd_eval.py.
#
#   scripts/eval-segment.sh              # run from anywhere; builds the release binary first
#   ERRORS=20 scripts/eval-segment.sh    # also list up to 20 wrong boundaries per file
#
# Prints three figures (targets of issue 3 in brackets):
#   golden rules passed (../shared/data/sbd/golden_rules_en.jsonl)    [>= 47/48]
#   GUM news boundary F1 (../shared/data/sbd/gum_news.jsonl)          [>= .975]
#   GUM news inside-paragraph boundary F1                             [>= .955]
# Speed is a criterion bench, not part of this script:
#   cargo bench -p standpoint-segment --bench segment
#
# Exits 1 if a target is not met.
# Environment: STANDPOINT_SHARED (default: ../shared next to the repo),
# CARGO_TARGET_DIR (default: target/), ERRORS (default: 0).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${STANDPOINT_SHARED:-$ROOT/../shared}"
SHARED="$(cd "$SHARED" 2>/dev/null && pwd || echo "$SHARED")"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/standpoint"
EVAL="$SHARED/tools/sbd_eval.py"
GOLDEN="$SHARED/data/sbd/golden_rules_en.jsonl"
GUM="$SHARED/data/sbd/gum_news.jsonl"
ERRORS="${ERRORS:-0}"

for f in "$EVAL" "$GOLDEN" "$GUM"; do
    if [[ ! -f "$f" ]]; then
        echo "eval-segment: missing $f (set STANDPOINT_SHARED to the shared folder)" >&2
        exit 1
    fi
done

cd "$ROOT"
echo "building $BIN ..." >&2
cargo build --release -p standpoint --quiet

OUT="$(mktemp -d "${TMPDIR:-/tmp}/eval-segment.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

score() { # gold-file name -> prints the scorer's summary, leaves JSON in $OUT/name.json
    local gold="$1" name="$2"
    "$BIN" segment --jsonl < "$gold" > "$OUT/$name.pred.jsonl"
    python3 "$EVAL" "$gold" "$OUT/$name.pred.jsonl" --label "$name" --errors "$ERRORS"
    python3 "$EVAL" "$gold" "$OUT/$name.pred.jsonl" --label "$name" --json > "$OUT/$name.json"
}

score "$GOLDEN" golden_rules
echo
score "$GUM" gum_news
echo

python3 - "$OUT/golden_rules.json" "$OUT/gum_news.json" <<'PY'
import json, sys
gr = json.load(open(sys.argv[1]))
gum = json.load(open(sys.argv[2]))
rows = [
    ("golden rules passed", f"{gr['docs_exact']}/{gr['docs']}", gr['docs_exact'] >= 47, ">= 47"),
    ("GUM news boundary F1", f"{gum['f1']:.4f}", gum['f1'] >= 0.975, ">= .975"),
    ("GUM news inside-paragraph F1", f"{gum['intra_f1']:.4f}", gum['intra_f1'] >= 0.955, ">= .955"),
]
print("segmentation accuracy")
for name, value, ok, target in rows:
    print(f"  {name:<30} {value:>8}   target {target:<8} {'met' if ok else 'NOT MET'}")
sys.exit(0 if all(ok for *_, ok, _ in rows) else 1)
PY

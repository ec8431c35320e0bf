#!/usr/bin/env bash
# Stance on the fixture articles against hand-written gold, and on the
# development set.
#
#   scripts/eval-fixture-stance.sh [--model FILE] [--errors N] [--no-dev] [--json FILE]
#
# 1. Labels fixtures/articles and fixtures/stance/articles with the default
#    embedded model (or --model FILE) and scores the sentences against
#    fixtures/stance/*.tsv and fixtures/stance/articles/*.tsv with
#    scripts/eval_fixture_stance.py: per-target accuracy and macro-F1, the
#    always-`none` and keyword baselines, the share of sentences with the same
#    position on all three targets, favor/against precision by confidence.
#    --errors N lists the first N wrong labels of each set.
# 2. Unless --no-dev: `standpoint eval --train fixtures/train/stance.csv
#    --test fixtures/stance/dev.csv` (default settings; ignores --model).
# Reports go to ${OUT:-target/eval-fixture-stance}. Everything read here is
# original project text; nothing from ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-target/eval-fixture-stance}"
model=() score_args=() dev=1
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=(--model "$2"); shift 2 ;;
    --errors) score_args+=(--errors "$2"); shift 2 ;;
    --json) score_args+=(--json "$2"); shift 2 ;;
    --no-dev) dev=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cargo build --release --quiet -p standpoint
bin="${CARGO_TARGET_DIR:-target}/release/standpoint"
mkdir -p "$out"
# Only the articles (txt, md) are read; the gold .tsv files beside them are not.
"$bin" label fixtures/articles --out "$out/articles" --csv plain --no-html -q --force "${model[@]}"
"$bin" label fixtures/stance/articles --out "$out/stance-articles" --csv plain --no-html -q --force "${model[@]}"
python3 scripts/eval_fixture_stance.py "${score_args[@]}" \
  "fixtures/articles=$out/articles/sentences.csv:fixtures/stance" \
  "fixtures/stance/articles=$out/stance-articles/sentences.csv:fixtures/stance/articles"
if [ "$dev" = 1 ]; then
  echo "== development set: standpoint eval --train fixtures/train/stance.csv --test fixtures/stance/dev.csv"
  "$bin" eval --quiet --train fixtures/train/stance.csv --test fixtures/stance/dev.csv \
    --json "$out/dev-eval.json" --confusion "$out/dev-confusion.csv"
fi

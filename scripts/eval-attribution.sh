#!/usr/bin/env bash
# Speaker attribution accuracy on the hand-written gold, per gold speaker_via
# class (direct, indirect, pronoun, continuation, empty) and overall, plus
# in_quote accuracy. Pass --misses to list every wrong speaker.
#
#   scripts/eval-attribution.sh [--misses] [ARTICLES_DIR GOLD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
misses=()
if [[ "${1:-}" == "--misses" ]]; then
    misses=(--misses)
    shift
fi
articles="${1:-fixtures/articles}"
gold="${2:-fixtures/attribution}"
cargo run -q --release -p standpoint-attribute --example attribution -- \
    eval "$articles" "$gold" "${misses[@]}"

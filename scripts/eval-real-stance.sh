#!/usr/bin/env bash
# Scores the default targets on 319 real sentences we did not write and
# labelled by hand (scripts/real-stance/README.md): Emergent headlines, GUM
# Wikinews sentences and IBM debate claims, read from ../shared.
#
#   scripts/eval-real-stance.sh [--model FILE] [--errors N]
#
# Prints per target macro-F1 against answering `none` and against `favor`
# whenever a target keyword appears, accuracy against `none`, the share of
# sentences with the same position on all three targets and the precision
# of favor/against by confidence. Outputs go to target/eval-real-stance/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/data/stance ]; then
  echo "eval-real-stance: ../shared/data not found" >&2
  exit 1
fi
cargo build --release --quiet -p standpoint
python3 scripts/eval_real_stance.py "${CARGO_TARGET_DIR:-target}/release/standpoint" target/eval-real-stance "$@"

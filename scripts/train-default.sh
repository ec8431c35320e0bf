#!/usr/bin/env bash
# Retrains the embedded default model from fixtures/train/stance.csv with the
# default settings. The unit test `default_model_is_reproducible` (crates/cli)
# fails until the committed crates/cli/assets/default-model.json matches what
# this script writes, byte for byte.
#
# fixtures/train/stance.csv is generated from fixtures/train/src/*.txt by
# fixtures/train/build.py; the script checks that it is up to date.
# fixtures/train/targets.csv (target,terms) declares each target's terms; it is
# passed with --targets when the binary supports that flag. It is NOT a
# training file, so the training CSV is named explicitly (no *.csv glob).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 fixtures/train/build.py --check >/dev/null
bin_args=(train fixtures/train/stance.csv --out crates/cli/assets/default-model.json)
if cargo run --release --quiet -p standpoint -- train --help | grep -q -- '--targets'; then
  bin_args+=(--targets fixtures/train/targets.csv)
else
  echo "note: this standpoint has no 'train --targets'; training without fixtures/train/targets.csv" >&2
fi
cargo run --release --quiet -p standpoint -- "${bin_args[@]}"
ls -l crates/cli/assets/default-model.json

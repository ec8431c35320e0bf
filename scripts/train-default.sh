#!/usr/bin/env bash
# Retrains the embedded default model from fixtures/train/*.csv with the
# default settings. The unit test `default_model_is_reproducible` (crates/cli)
# fails until the committed crates/cli/assets/default-model.json matches what
# this script writes, byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -p standpoint -- train fixtures/train/*.csv \
  --out crates/cli/assets/default-model.json
ls -l crates/cli/assets/default-model.json

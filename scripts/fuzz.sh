#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60) and
# prints, per target, the executions and the crashes found.
#
#   scripts/fuzz.sh 600        # ten minutes per target
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only
# flags to rustc (sanitizer, coverage passes); on a stable toolchain
# RUSTC_BOOTSTRAP=1 lets them through. Seeds come from fixtures/; new inputs
# go to fuzz/corpus/<target>/, crashes to fuzz/artifacts/<target>/ (both
# git-ignored). Exit status: 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -eq 0 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS]" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is not installed; run: cargo install cargo-fuzz" >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/fuzz/target}

seeds_for() {
    case $1 in
        decode) echo fixtures/bad fixtures/articles ;;
        *) echo fixtures/articles ;;
    esac
}

failed=0
summary=()
for target in $(cargo fuzz list --fuzz-dir fuzz); do
    corpus=fuzz/corpus/$target
    artifacts=fuzz/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    log=fuzz/artifacts/$target.log
    before=$(find "$artifacts" -type f | wc -l)
    echo "== $target: ${secs}s"
    status=0
    # shellcheck disable=SC2046 # seed folders are plain words
    cargo fuzz run --fuzz-dir fuzz "$target" "$corpus" $(seeds_for "$target") -- \
        -max_total_time="$secs" -timeout=10 -max_len=16384 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
    execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
    after=$(find "$artifacts" -type f | wc -l)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        echo "   cargo fuzz failed (exit $status); last lines of $log:"
        tail -20 "$log" | sed 's/^/   /'
        failed=1
    fi
    if [ "$crashes" -gt 0 ]; then
        failed=1
        find "$artifacts" -type f | sort | sed 's/^/   artifact: /'
    fi
    line="$target: ${execs:-?} executions in ${secs}s, $crashes crashes (exit $status; log $log)"
    echo "   $line"
    summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"

#!/usr/bin/env bash
# Throughput, scaling and memory of `standpoint label`, against the Python
# pipeline an analyst would otherwise use, measured the same way every time.
#
#   scripts/bench.sh            # the full run (about 3 minutes on 2 cores)
#
# Knobs (environment):
#   BENCH_DIR=/tmp/standpoint-bench  corpora and outputs go here, never in the repo
#   BENCH_MB=50                      size of the main corpus; the memory check uses 4x
#   BENCH_SKIP_PEER=1                skip the Python peer (no speed ratio then)
#   BENCH_SKIP_LARGE=1               skip the 4x corpus (no memory-growth check then)
#   BENCH_MODEL=FILE                 label with this model instead of the embedded default
#   BENCH_BASELINE=/path/standpoint  also time this older binary, interleaved with the
#                                    current one (same corpus, --threads 2, BENCH_ROUNDS
#                                    rounds each, best wall time kept), and print the
#                                    throughput ratio and sentences.csv rows/sizes of both
#                                    (the current binary in both layouts: wide and long)
#   BENCH_ROUNDS=3                   rounds of the baseline comparison
#
# What it does, all in one run and on the same corpus:
#   1. builds the release binary;
#   2. builds a corpus of >= BENCH_MB MB of .txt files by repeating the texts of
#      ../shared/data/sbd/gum_news.jsonl, and one 4x as large;
#   3. times, with /usr/bin/time -v (whole process: wall time and peak RSS):
#      standpoint label (default model) with --threads 1 and --threads 2, and
#      ../shared/bench/peer_pipeline.py --splitter sentencex (sklearn TF-IDF + LR
#      trained on fixtures/train/stance.csv), then standpoint --threads 2 on
#      the 4x corpus;
#   4. times `standpoint train` on the Emergent train split against sklearn's
#      fit of the same TF-IDF + LR pipeline peer_pipeline.py uses;
#   5. prints ratios, peak RSS, sentences/s, per-stage seconds from run.json,
#      and whether each target of issue 6 is met.
# Run it on a quiet machine: other processes on the same cores skew every number.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${STANDPOINT_SHARED:-$ROOT/../shared}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/standpoint-bench}"
BENCH_MB="${BENCH_MB:-50}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/standpoint"
GUM="$SHARED/data/sbd/gum_news.jsonl"
PEER="$SHARED/bench/peer_pipeline.py"
TRAIN_FIXTURE="$ROOT/fixtures/train/stance.csv"
EMERGENT="$SHARED/data/stance/emergent/train.csv"

case "$BENCH_DIR" in
"$ROOT"|"$ROOT"/*) echo "bench: BENCH_DIR must be outside the repository" >&2; exit 1 ;;
esac
for f in "$GUM" "$PEER" "$TRAIN_FIXTURE" "$EMERGENT"; do
    [ -f "$f" ] || { echo "bench: missing $f" >&2; exit 1; }
done

log() { printf '\n== %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time"
    apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
if [ -z "${BENCH_SKIP_PEER:-}" ]; then
    if ! python3 -c 'import sklearn, sentencex' 2>/dev/null; then
        log "installing scikit-learn and sentencex"
        python3 -m pip install --quiet scikit-learn sentencex 2>/dev/null ||
            python3 -m pip install --quiet --break-system-packages scikit-learn sentencex
    fi
fi

log "building the release binary"
(cd "$ROOT" && cargo build --release --quiet -p standpoint)

# --- corpora -------------------------------------------------------------
# corpus_mb DIR MB: .txt files (1000 per folder) repeating the GUM news texts
# until DIR holds at least MB MiB. Reused when already complete.
make_corpus() {
    local dir="$1" mb="$2"
    if [ -f "$dir/.complete-$mb" ]; then return; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 - "$GUM" "$dir" "$mb" <<'PY'
import json, os, sys
src, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [json.loads(l)["text"] for l in open(src, encoding="utf-8") if l.strip()]
goal, total, n = mb * 1024 * 1024, 0, 0
while total < goal:
    for t in texts:
        sub = os.path.join(out, f"d{n // 1000:04d}")
        if n % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        data = t.encode("utf-8")
        with open(os.path.join(sub, f"a{n:07d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
        if total >= goal:
            break
print(f"{out}: {n} files, {total / 1048576:.1f} MiB", file=sys.stderr)
PY
    touch "$dir/.complete-$mb"
}

mkdir -p "$BENCH_DIR"
SMALL="$BENCH_DIR/corpus-${BENCH_MB}mb"
LARGE="$BENCH_DIR/corpus-$((BENCH_MB * 4))mb"
log "corpora in $BENCH_DIR"
make_corpus "$SMALL" "$BENCH_MB"
[ -n "${BENCH_SKIP_LARGE:-}" ] || make_corpus "$LARGE" "$((BENCH_MB * 4))"

# --- timing --------------------------------------------------------------
# timed NAME CMD...: runs CMD under /usr/bin/time -v; sets WALL_<NAME> (s)
# and RSS_<NAME> (MiB). The command's stderr goes to $BENCH_DIR/NAME.err.
declare -A WALL RSS
timed() {
    local name="$1"; shift
    local tlog="$BENCH_DIR/$name.time"
    local status=0
    /usr/bin/time -v -o "$tlog" "$@" >"$BENCH_DIR/$name.out" 2>"$BENCH_DIR/$name.err" || status=$?
    # standpoint exits 2 when some inputs failed; anything else is a broken run.
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
        echo "bench: $name failed (exit $status):" >&2
        tail -5 "$BENCH_DIR/$name.err" >&2
        exit 1
    fi
    WALL[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tlog")
    RSS[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tlog")
    printf '%-14s wall %8.2f s   peak RSS %7.1f MiB\n' "$name" "${WALL[$name]}" "${RSS[$name]}" >&2
}

json_field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

MODEL_ARGS=()
[ -z "${BENCH_MODEL:-}" ] || MODEL_ARGS=(--model "$BENCH_MODEL")
label() { # label NAME CORPUS THREADS
    local out="$BENCH_DIR/out-$1"
    timed "$1" "$BIN" label "$2" --out "$out" --threads "$3" --force --quiet "${MODEL_ARGS[@]}"
}

log "standpoint label, $BENCH_MB MiB"
label sp_t1 "$SMALL" 1
label sp_t2 "$SMALL" 2
if [ -z "${BENCH_SKIP_PEER:-}" ]; then
    log "peer: peer_pipeline.py --splitter sentencex (single process)"
    timed peer python3 "$PEER" "$TRAIN_FIXTURE" "$SMALL" "$BENCH_DIR/peer-out.csv" --splitter sentencex
fi
if [ -z "${BENCH_SKIP_LARGE:-}" ]; then
    log "standpoint label, $((BENCH_MB * 4)) MiB (memory check)"
    label sp_t2_large "$LARGE" 2
fi

if [ -n "${BENCH_BASELINE:-}" ]; then
    [ -x "$BENCH_BASELINE" ] || { echo "bench: BENCH_BASELINE=$BENCH_BASELINE is not an executable" >&2; exit 1; }
    log "baseline comparison: $BENCH_BASELINE vs $BIN, $BENCH_MB MiB, --threads 2, interleaved"
    for round in $(seq 1 "${BENCH_ROUNDS:-3}"); do
        timed "base_r$round" "$BENCH_BASELINE" label "$SMALL" --out "$BENCH_DIR/out-base" \
            --threads 2 --force --quiet "${MODEL_ARGS[@]}"
        timed "cur_r$round" "$BIN" label "$SMALL" --out "$BENCH_DIR/out-cur" \
            --threads 2 --force --quiet "${MODEL_ARGS[@]}"
        timed "curlong_r$round" "$BIN" label "$SMALL" --out "$BENCH_DIR/out-curlong" \
            --threads 2 --force --quiet --layout long "${MODEL_ARGS[@]}"
    done
fi

log "training on Emergent train"
timed sp_train "$BIN" train "$EMERGENT" --out "$BENCH_DIR/emergent-model.json"
SK_FIT=""
if [ -z "${BENCH_SKIP_PEER:-}" ]; then
    # The same TF-IDF + LR pipeline as peer_pipeline.py; only fit() is timed.
    SK_FIT=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 python3 - "$EMERGENT" <<'PY'
import csv, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
clf = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                    LogisticRegression(C=10.0, max_iter=3000))
t = time.perf_counter()
clf.fit([r["text"] for r in rows], [r["label"] for r in rows])
print(f"{time.perf_counter() - t:.3f}")
PY
)
fi

# --- report --------------------------------------------------------------
sentences=$(json_field "$BENCH_DIR/out-sp_t2/run.json" sentences)
rows=$(json_field "$BENCH_DIR/out-sp_t2/run.json" sentence_rows)
bytes=$(du -sb --exclude='.complete-*' "$SMALL" | cut -f1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_s() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
verdict() { if awk -v x="$1" -v op="$2" -v y="$3" 'BEGIN { exit !((op == ">=") ? x >= y : x <= y) }'; then echo PASS; else echo FAIL; fi; }

echo
echo "standpoint bench: $(nproc) cores, corpus $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB, $sentences sentences ($rows rows)"
printf '%-28s %10s %12s %14s %10s\n' run wall_s peak_rss_mib sentences_per_s MiB_per_s
row() { printf '%-28s %10.2f %12.1f %14s %10.1f\n' "$1" "${WALL[$2]}" "${RSS[$2]}" "$(per_s "$3" "${WALL[$2]}")" "$(awk -v b="$bytes" -v t="${WALL[$2]}" -v k="$4" 'BEGIN { print k * b / 1048576 / t }')"; }
row "standpoint --threads 1" sp_t1 "$sentences" 1
row "standpoint --threads 2" sp_t2 "$sentences" 1
if [ -n "${WALL[peer]:-}" ]; then
    peer_sent=$(grep -o 'sentences=[0-9]*' "$BENCH_DIR/peer.err" | cut -d= -f2)
    row "peer (sentencex + sklearn)" peer "$peer_sent" 1
fi
if [ -n "${WALL[sp_t2_large]:-}" ]; then
    large_sent=$(json_field "$BENCH_DIR/out-sp_t2_large/run.json" sentences)
    row "standpoint --threads 2 (4x)" sp_t2_large "$large_sent" 4
fi

echo
echo "seconds per stage, --threads 2 (summed over workers; report = rendering + writing):"
python3 - "$BENCH_DIR/out-sp_t2/run.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["seconds"]
work = {k: v for k, v in s.items() if k != "total"}
busy = sum(work.values()) or 1
for k, v in sorted(work.items(), key=lambda kv: -kv[1]):
    print(f"  {k:<10} {v:8.2f} s  {100 * v / busy:5.1f}%")
print(f"  {'wall':<10} {s['total']:8.2f} s")
PY

echo
scaling=$(ratio "${WALL[sp_t1]}" "${WALL[sp_t2]}")
echo "targets (issue 6):"
echo "  2 threads vs 1 thread:  ${scaling}x  (>= 1.8)  $(verdict "$scaling" '>=' 1.8)"
if [ -n "${WALL[peer]:-}" ]; then
    speedup=$(ratio "${WALL[peer]}" "${WALL[sp_t2]}")
    echo "  peer / standpoint -t2:  ${speedup}x  (>= 50)   $(verdict "$speedup" '>=' 50)"
fi
echo "  peak RSS, $BENCH_MB MiB, -t2:  ${RSS[sp_t2]} MiB  (<= 150)  $(verdict "${RSS[sp_t2]}" '<=' 150)"
if [ -n "${RSS[sp_t2_large]:-}" ]; then
    growth=$(ratio "${RSS[sp_t2_large]}" "${RSS[sp_t2]}")
    echo "  peak RSS, 4x corpus:    ${RSS[sp_t2_large]} MiB = ${growth}x  (<= 1.10)  $(verdict "$growth" '<=' 1.10)"
fi
if [ -n "$SK_FIT" ]; then
    echo "  train (Emergent): standpoint ${WALL[sp_train]} s whole process vs sklearn fit ${SK_FIT} s  $(verdict "${WALL[sp_train]}" '<=' "$SK_FIT")"
else
    echo "  train (Emergent): standpoint ${WALL[sp_train]} s whole process (sklearn skipped)"
fi
if [ -n "${BENCH_BASELINE:-}" ]; then
    best() { # best PREFIX: the smallest wall time of its rounds
        local b="" k
        for k in "${!WALL[@]}"; do
            case "$k" in "$1"_r*) b=$(awk -v a="${b:-1e18}" -v c="${WALL[$k]}" 'BEGIN { print (c < a) ? c : a }') ;; esac
        done
        echo "$b"
    }
    echo
    echo "baseline comparison ($BENCH_MB MiB, --threads 2, best of ${BENCH_ROUNDS:-3} interleaved rounds):"
    printf '  %-26s %8s %10s %12s %14s\n' binary wall_s MiB_per_s rows sentences_MiB
    for pair in "baseline:base:out-base" "current (wide):cur:out-cur" "current (--layout long):curlong:out-curlong"; do
        IFS=: read -r name key dir <<<"$pair"
        w=$(best "$key")
        r=$(json_field "$BENCH_DIR/$dir/run.json" sentence_rows)
        # A table past the spreadsheet row limit is written as numbered parts.
        sz=$({ cat "$BENCH_DIR/$dir"/sentences.csv "$BENCH_DIR/$dir"/sentences-[0-9]*.csv 2>/dev/null || true; } | wc -c |
            awk '{ printf "%.1f", $1 / 1048576 }')
        printf '  %-26s %8.2f %10.2f %12s %14s\n' "$name" "$w" "$(awk -v b="$bytes" -v t="$w" 'BEGIN { print b / 1048576 / t }')" "$r" "$sz"
    done
    echo "  throughput current/baseline: wide $(ratio "$(best base)" "$(best cur)")x, long $(ratio "$(best base)" "$(best curlong)")x  (issue 13: long >= 0.95)"
fi
echo
echo "logs and outputs: $BENCH_DIR"

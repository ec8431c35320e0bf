#!/usr/bin/env bash
# Training time on Emergent: `standpoint train` (whole process) against the
# scikit-learn fit of the Python peer (../shared/bench/peer_pipeline.py: CSV
# read + TfidfVectorizer(1-2, sublinear) + LogisticRegression(C=10), timed the
# way the peer times its `train_s`), interleaved in the same run; also prints
# the peak RSS of `standpoint train` and the size of the model it wrote.
#
# usage: scripts/bench-train.sh [REPEATS] [ROWS]
#   REPEATS: interleaved runs (default 7; needs python3 with scikit-learn)
#   ROWS: train on a CSV of this many rows built in a temporary folder by
#         repeating the Emergent and IBM training rows with seeded
#         perturbations (word drops and swaps, so repeats are not duplicates);
#         default: Emergent train as it is (2,071 rows).
# The built CSV lives only in the temporary folder; shared data is never
# copied into the project. `standpoint train` runs with its defaults, so its
# time includes the calibration pass (--calibration-folds 3); set
# TRAIN_ARGS="--calibration-folds 0" to time it without.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-7}"
rows="${2:-}"
src=../shared/data/stance/emergent/train.csv
data=$src
peer=../shared/bench
[ -f "$src" ] || { echo "missing $src" >&2; exit 1; }
python3 -c 'import sklearn' 2>/dev/null || { echo "needs scikit-learn: pip install scikit-learn" >&2; exit 1; }
cargo build --release --quiet -p standpoint
bin="${CARGO_TARGET_DIR:-target}/release/standpoint"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -n "$rows" ]; then
  data="$tmp/big.csv"
  python3 - "$rows" "$data" "$src" ../shared/data/stance/ibm_claim_stance/train.csv <<'PY'
import csv, random, sys
n, out, srcs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
base = []
for p in srcs:
    with open(p, encoding="utf-8", newline="") as f:
        base += [(r["text"], r["target"], r["label"]) for r in csv.DictReader(f)]
rng = random.Random(42)
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["text", "target", "label"])
    for i in range(n):
        text, target, label = base[i % len(base)]
        if i >= len(base):  # perturb repeats: drop one word, swap two neighbours
            words = text.split()
            if len(words) > 3:
                del words[rng.randrange(len(words))]
                j = rng.randrange(len(words) - 1)
                words[j], words[j + 1] = words[j + 1], words[j]
            text = " ".join(words)
        w.writerow([text, target, label])
PY
  echo "training set: $rows rows (Emergent + IBM train, repeated with perturbations)"
fi

cat > "$tmp/skfit.py" <<'PY'
import os, sys, time
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(v, "1")
import csv
sys.path.insert(0, sys.argv[2])
from peer_pipeline import model  # the peer's own pipeline definition
t0, c0 = time.perf_counter(), time.process_time()
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
clf = model("lr")
clf.fit([r["text"] for r in rows], [r["label"] for r in rows])
cold = (time.perf_counter() - t0, time.process_time() - c0)
# A second fit in the same process: imports and first-call setup are paid.
t0, c0 = time.perf_counter(), time.process_time()
model("lr").fit([r["text"] for r in rows], [r["label"] for r in rows])
print(f"{cold[0]:.4f} {cold[1]:.4f} {time.perf_counter() - t0:.4f} {time.process_time() - c0:.4f}")
PY

ours=(); ours_cpu=(); ours_rss=(); sk=(); sk_cpu=(); skw=(); skw_cpu=()
for i in $(seq "$reps"); do
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$bin" train "$data" --out "$tmp/m.json" ${TRAIN_ARGS:-} 2>/dev/null
  read -r wall user sys rss_kib < "$tmp/t"
  ours+=("$wall"); ours_cpu+=("$(echo "$user + $sys" | bc)"); ours_rss+=("$((rss_kib / 1024))")
  read -r w c ww wc < <(python3 "$tmp/skfit.py" "$data" "$peer")
  sk+=("$w"); sk_cpu+=("$c"); skw+=("$ww"); skw_cpu+=("$wc")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mo=$(median "${ours[@]}"); moc=$(median "${ours_cpu[@]}")
ms=$(median "${sk[@]}"); msc=$(median "${sk_cpu[@]}")
mw=$(median "${skw[@]}"); mwc=$(median "${skw_cpu[@]}")
echo "runs: $reps (interleaved)"
echo "standpoint train (whole process):          median wall ${mo}s, cpu ${moc}s   [${ours[*]}]"
echo "standpoint train peak RSS (MiB):           median $(median "${ours_rss[@]}")   [${ours_rss[*]}]; model file $(du -k "$tmp/m.json" | cut -f1) KiB"
echo "sklearn fit, as the peer times train_s:    median wall ${ms}s, cpu ${msc}s   [${sk[*]}]"
echo "sklearn fit, second fit in the process:    median wall ${mw}s, cpu ${mwc}s   [${skw[*]}]"
echo "sklearn/standpoint: peer train_s wall $(echo "scale=2; $ms / $mo" | bc)x cpu $(echo "scale=2; $msc / $moc" | bc)x; warm fit wall $(echo "scale=2; $mw / $mo" | bc)x cpu $(echo "scale=2; $mwc / $moc" | bc)x"

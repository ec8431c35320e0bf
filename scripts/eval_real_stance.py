#!/usr/bin/env python3
"""Scores the default targets on real text we did not write (see
scripts/real-stance/README.md): builds the article folders from ../shared,
runs `standpoint label`, and compares each gold sentence's labels.

    python3 scripts/eval_real_stance.py BIN OUT_DIR [--model FILE] [--errors N]

The gold (scripts/real-stance/gold.csv) names each sentence by the first 16
hex digits of the SHA-1 of its text, so no shared sentence is in the repo.
"""
import argparse
import csv
import hashlib
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_fixture_stance import CLASSES as LABELS, TARGETS, f1s, read_terms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
BINS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def key(text):
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


def build_inputs(out, wanted_ibm):
    """One folder per source: Emergent headlines and IBM claims one per file,
    GUM documents whole (their sentences are read in context)."""
    folders = {}
    for name in ["emergent", "gum", "ibm"]:
        d = out / "input" / name
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        folders[name] = d
    n = 0
    for split in ["train", "test"]:
        with open(SHARED / f"stance/emergent/{split}.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                (folders["emergent"] / f"{split}-{n:05d}.txt").write_text(row["text"] + "\n", encoding="utf-8")
                n += 1
    with open(SHARED / "sbd/gum_news.jsonl", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            (folders["gum"] / f"{doc['doc_id']}.txt").write_text(doc["text"], encoding="utf-8")
    seen = set()
    for split in ["train", "test"]:
        with open(SHARED / f"stance/ibm_claim_stance/{split}.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                k = key(row["text"])
                if k in wanted_ibm and k not in seen:
                    seen.add(k)
                    (folders["ibm"] / f"{k}.txt").write_text(row["text"] + "\n", encoding="utf-8")
    return folders


def macro_f1(pairs):
    """Mean F1 over all three labels (a label never given or never gold counts 0)."""
    f = f1s([g for g, _ in pairs], [p for _, p in pairs])
    return 100 * sum(f[label] for label in LABELS) / len(LABELS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("out")
    ap.add_argument("--model")
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    out = Path(args.out)
    gold = {}
    with open(ROOT / "scripts/real-stance/gold.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            gold[(row["source"], row["key"])] = row
    folders = build_inputs(out, {k for s, k in gold if s == "ibm"})
    predicted = {}
    for name, folder in folders.items():
        report = out / f"labels-{name}"
        shutil.rmtree(report, ignore_errors=True)
        cmd = [args.bin, "label", str(folder), "--out", str(report), "-q", "--csv", "plain"]
        if args.model:
            cmd += ["--model", args.model]
        subprocess.run(cmd, check=True)
        with open(report / "sentences.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                predicted.setdefault((name, key(row["text"])), row)
    rows = [(g, predicted.get(k)) for k, g in sorted(gold.items())]
    missing = sum(1 for _, p in rows if p is None)
    rows = [(g, p) for g, p in rows if p is not None]
    pats = read_terms()
    print(f"real-text stance gold: {len(rows)} sentences scored, {missing} not found")
    print(f"  {'target':16s} {'mF1':>5s} {'none':>5s} {'kw':>5s} | {'acc':>5s} {'none':>5s} | gold f/a/n -> predicted f/a/n")
    means = defaultdict(list)
    for t in TARGETS:
        pairs = [(g[t], p[t]) for g, p in rows]
        nonep = [(g[t], "none") for g, p in rows]
        kw = [(g[t], "favor" if pats[t].search(p["text"].lower()) else "none") for g, p in rows]
        acc = 100 * sum(a == b for a, b in pairs) / len(pairs)
        accn = 100 * sum(a == "none" for a, _ in pairs) / len(pairs)
        count = lambda xs: "/".join(str(sum(1 for x in xs if x == l)) for l in LABELS)
        print(
            f"  {t:16s} {macro_f1(pairs):5.1f} {macro_f1(nonep):5.1f} {macro_f1(kw):5.1f} | {acc:5.1f} {accn:5.1f} | "
            f"{count([a for a, _ in pairs])} -> {count([b for _, b in pairs])}"
        )
        for name, v in [("model", macro_f1(pairs)), ("none", macro_f1(nonep)), ("keyword", macro_f1(kw))]:
            means[name].append(v)
    print("  mean macro-F1: model {:.1f}, answering none {:.1f}, favor on any keyword {:.1f}".format(
        *(sum(means[n]) / 3 for n in ["model", "none", "keyword"])))
    same = sum(1 for _, p in rows if p[TARGETS[0]] != "none" and len({p[t] for t in TARGETS}) == 1)
    print(f"  same favor/against label on all three targets: {same} of {len(rows)} sentences")
    cells = []
    for lo, hi in BINS:
        n = right = 0
        for g, p in rows:
            for t in TARGETS:
                if p[t] != "none" and lo <= float(p[t + "_confidence"]) < hi:
                    n += 1
                    right += g[t] == p[t]
        cells.append(f"[{lo:.1f},{min(hi, 1.0):.1f}) {right}/{n}")
    print("  favor/against precision by confidence: " + "; ".join(cells))
    if args.errors:
        errs = [(g["source"], t, g[t], p[t], float(p[t + "_confidence"]), p["text"]) for g, p in rows for t in TARGETS if g[t] != p[t]]
        errs.sort(key=lambda e: -e[4])
        print(f"\nerrors, most confident first ({len(errs)} in all):")
        for s, t, gl, pl, c, text in errs[: args.errors]:
            print(f"  {s:8s} {t:15s} gold {gl:7s} got {pl:7s} {c:.2f}  {text[:110]}")


if __name__ == "__main__":
    sys.exit(main())

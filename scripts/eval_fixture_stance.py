#!/usr/bin/env python3
"""Scores standpoint's stance labels against the hand-written fixture gold.

Usage: eval_fixture_stance.py [--json FILE] [--errors N] SET_NAME=SENTENCES_CSV:GOLD_DIR ...

SENTENCES_CSV is the `sentences.csv` of a `standpoint label` run over the
articles whose gold files (`<article-stem>.tsv`) are in GOLD_DIR. Both report
layouts are read, told apart by the header:
  - long: one row per sentence and target (columns `target`, `label`, `confidence`);
  - wide: one row per sentence, per-target columns `<target>`,
    `<target>_confidence` (and `<target>_evidence`).
Gold lines are `index<TAB>sanctions<TAB>military_action<TAB>negotiations<TAB>text60`
(`#` lines are comments). Gold is matched to predictions by the first 60
characters of the text (whitespace-normalised), nearest index first, so a
change from 0-based to 1-based numbering or a slightly different split does
not shift the labels; sentences that match nothing are counted and listed.

Printed per set and over all sets: per-target accuracy and macro-F1
(favor/against/none), the always-`none` baseline, the keyword baseline (favor
when a term of the target from fixtures/train/targets.csv appears), the share
of sentences given the same favor/against label on all three targets, and the
precision of favor/against calls by confidence bucket. Python stdlib only.
"""

import csv
import json
import pathlib
import re
import sys
from collections import Counter, defaultdict

TARGETS = ["sanctions", "military_action", "negotiations"]
CLASSES = ["favor", "against", "none"]
BUCKETS = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
ROOT = pathlib.Path(__file__).resolve().parent.parent


def norm(text):
    return " ".join(text.split())


def key60(text):
    return norm(text)[:60]


def canon(label):
    """favor/against/none; anything else (uncertain, empty) counts as none."""
    label = (label or "").strip().lower()
    return label if label in ("favor", "against") else "none"


def read_predictions(path):
    """{article: [(sentence, text, {target: (label, confidence)})]} in file order."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        long = "target" in header and "label" in header
        wide = [t for t in TARGETS if t in header]
        if not long and not wide:
            sys.exit(f"{path}: neither a `target,label` nor a per-target layout: {header}")
        sentences = defaultdict(dict)
        for row in reader:
            art, idx, text = row["article"], int(row["sentence"]), row["text"]
            entry = sentences[art].setdefault(idx, [text, {}])
            if long:
                conf = float(row.get("confidence") or 0)
                entry[1][row["target"]] = (canon(row["label"]), conf)
            else:
                for t in wide:
                    conf = float(row.get(f"{t}_confidence") or 0)
                    entry[1][t] = (canon(row[t]), conf)
    layout = "long (sentence x target)" if long else "wide (per-target columns)"
    return {a: [(i, v[0], v[1]) for i, v in sorted(s.items())] for a, s in sentences.items()}, layout


def read_gold(path):
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 5 or any(p not in CLASSES for p in parts[1:4]):
            sys.exit(f"{path}: bad gold line {line!r}")
        rows.append((int(parts[0]), dict(zip(TARGETS, parts[1:4])), parts[4]))
    return rows


def read_terms():
    terms = {}
    with open(ROOT / "fixtures/train/targets.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            # `!` terms are exclusions (other senses): not keywords.
            # `~` terms are weak terms: keywords like any other.
            words = [
                w.strip().lstrip("~").strip().lower()
                for w in row["terms"].split("|")
                if w.strip() and not w.strip().startswith("!")
            ]
            terms[row["target"]] = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])"
            )
    return terms


def align(gold, predicted):
    """Pairs (gold row, predicted sentence) by text prefix, nearest index first."""
    by_key = defaultdict(list)
    for p in predicted:
        by_key[key60(p[1])].append(p)
    offset = (predicted[0][0] if predicted else 0) - (gold[0][0] if gold else 0)
    used, pairs, missing = set(), [], []
    for g in gold:
        cands = [p for p in by_key.get(key60(g[2]), []) if p[0] not in used]
        if not cands:
            # Fall back to the index when the prefix differs only by a re-split.
            cands = [p for p in predicted if p[0] == g[0] + offset and p[0] not in used
                     and key60(p[1])[:20] == key60(g[2])[:20]]
        if not cands:
            missing.append(g)
            continue
        p = min(cands, key=lambda p: abs(p[0] - g[0] - offset))
        used.add(p[0])
        pairs.append((g, p))
    return pairs, missing


def f1s(gold, pred):
    out = {}
    for c in CLASSES:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        np_ = sum(1 for p in pred if p == c)
        ng = sum(1 for g in gold if g == c)
        prec = tp / np_ if np_ else 0.0
        rec = tp / ng if ng else 0.0
        out[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def scores(gold, pred):
    n = len(gold)
    f = f1s(gold, pred)
    present = [c for c in CLASSES if c in gold or c in pred]
    return {
        "n": n,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / n if n else 0.0,
        "macro_f1": sum(f[c] for c in present) / len(present) if present else 0.0,
        "f_avg": (f["favor"] + f["against"]) / 2,
    }


def evaluate(pairs, terms):
    res = {"targets": {}}
    all_g, all_p, all_none, all_kw = [], [], [], []
    buckets = defaultdict(lambda: [0, 0])
    for t in TARGETS:
        g = [gp[0][1][t] for gp in pairs]
        p = [gp[1][2].get(t, ("none", 0.0))[0] for gp in pairs]
        kw = ["favor" if terms[t].search(gp[1][1].lower()) else "none" for gp in pairs]
        none = ["none"] * len(g)
        res["targets"][t] = {
            "gold": dict(Counter(g)),
            "predicted": dict(Counter(p)),
            "model": scores(g, p),
            "always_none": scores(g, none),
            "keyword": scores(g, kw),
        }
        all_g += g
        all_p += p
        all_none += none
        all_kw += kw
        for gp in pairs:
            label, conf = gp[1][2].get(t, ("none", 0.0))
            if label in ("favor", "against"):
                b = next(i for i in range(len(BUCKETS) - 1) if conf < BUCKETS[i + 1])
                buckets[b][0] += 1
                buckets[b][1] += label == gp[0][1][t]
    res["all"] = {
        "model": scores(all_g, all_p),
        "always_none": scores(all_g, all_none),
        "keyword": scores(all_g, all_kw),
    }
    same = 0
    for gp in pairs:
        labels = {gp[1][2].get(t, ("none", 0.0))[0] for t in TARGETS}
        if len(labels) == 1 and labels != {"none"}:
            same += 1
    res["same_on_all_three"] = {"sentences": len(pairs), "same": same}
    res["positions_predicted"] = sum(p != "none" for p in all_p)
    res["positions_gold"] = sum(g != "none" for g in all_g)
    res["precision_by_confidence"] = [
        {
            "from": BUCKETS[i],
            "to": min(BUCKETS[i + 1], 1.0),
            "calls": buckets[i][0],
            "correct": buckets[i][1],
        }
        for i in range(len(BUCKETS) - 1)
    ]
    return res


def pct(x):
    return f"{100 * x:5.1f}"


def show(name, res, missing):
    print(f"== {name}: {res['same_on_all_three']['sentences']} sentences matched", end="")
    print(f", {len(missing)} unmatched" if missing else "")
    print(f"  {'target':<16}{'n':>5} {'acc':>6} {'mF1':>6} {'Favg':>6} | {'none acc':>8} {'mF1':>6}"
          f" | {'kw acc':>6} {'mF1':>6} | gold f/a/n  -> predicted f/a/n")
    rows = [(t, res["targets"][t]) for t in TARGETS] + [("all", res["all"])]
    for t, r in rows:
        m, n, k = r["model"], r["always_none"], r["keyword"]
        dist = ""
        if "gold" in r:
            gd, pd = r["gold"], r["predicted"]
            dist = "  {}/{}/{} -> {}/{}/{}".format(*(d.get(c, 0) for d in (gd, pd) for c in CLASSES))
        print(f"  {t:<16}{m['n']:>5} {pct(m['accuracy'])} {pct(m['macro_f1'])} {pct(m['f_avg'])} |"
              f" {pct(n['accuracy']):>8} {pct(n['macro_f1'])} | {pct(k['accuracy']):>6}"
              f" {pct(k['macro_f1'])} |{dist}")
    s = res["same_on_all_three"]
    share = s["same"] / s["sentences"] if s["sentences"] else 0.0
    print(f"  same favor/against label on all three targets: {s['same']} of {s['sentences']}"
          f" sentences ({pct(share).strip()}%)")
    print(f"  rows with a position: predicted {res['positions_predicted']}, gold {res['positions_gold']}")
    print("  favor/against precision by confidence: " + "; ".join(
        f"[{b['from']:.1f},{b['to']:.1f}) {b['correct']}/{b['calls']}"
        + (f" = {100 * b['correct'] / b['calls']:.0f}%" if b["calls"] else "")
        for b in res["precision_by_confidence"]
    ))


def main(argv):
    json_out, errors, sets = None, 0, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--json":
            json_out, i = argv[i + 1], i + 2
        elif a == "--errors":
            errors, i = int(argv[i + 1]), i + 2
        elif "=" in a and ":" in a:
            name, rest = a.split("=", 1)
            csv_path, gold_dir = rest.rsplit(":", 1)
            sets.append((name, csv_path, pathlib.Path(gold_dir)))
            i += 1
        else:
            sys.exit(__doc__)
    if not sets:
        sys.exit(__doc__)
    terms = read_terms()
    report, all_pairs, all_missing = {}, [], []
    for name, csv_path, gold_dir in sets:
        predicted, layout = read_predictions(csv_path)
        stems = {pathlib.Path(a).stem: a for a in predicted}
        pairs, missing = [], []
        for gold_path in sorted(gold_dir.glob("*.tsv")):
            art = stems.get(gold_path.stem)
            gold = read_gold(gold_path)
            if art is None:
                missing += [(gold_path.stem, g) for g in gold]
                continue
            p, m = align(gold, predicted[art])
            pairs += [(g, pr, art) for g, pr in p]
            missing += [(gold_path.stem, g) for g in m]
        print(f"({name}: {csv_path}, layout {layout})")
        res = evaluate([(g, p) for g, p, _ in pairs], terms)
        show(name, res, missing)
        for stem, g in missing[:10]:
            print(f"  unmatched gold: {stem} #{g[0]} {g[2]!r}")
        if errors:
            shown = 0
            for g, p, art in pairs:
                for t in TARGETS:
                    pl, conf = p[2].get(t, ("none", 0.0))
                    if pl != g[1][t] and shown < errors:
                        shown += 1
                        print(f"  error {art} #{p[0]} {t}: gold {g[1][t]}, predicted {pl}"
                              f" ({conf:.2f}): {norm(p[1])[:110]}")
        report[name] = res
        all_pairs += pairs
        all_missing += missing
    if len(sets) > 1:
        res = evaluate([(g, p) for g, p, _ in all_pairs], terms)
        show("all fixture articles", res, all_missing)
        report["all"] = res
    if json_out:
        pathlib.Path(json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])

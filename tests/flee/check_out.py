#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads `relok sim run --format flee` output the way Flee's post-processing
reads its own out.csv (djgroen/flee, flee/postprocessing/plot_flee_output.py
and analysis.py, read 2026-12-06; docs/sim.md "Flee format"), with pandas,
and checks that every step Flee takes works on relok's file unchanged:

* `pandas.read_csv(path, sep=",", encoding="latin1", index_col="Day")`;
* the camp plots drop the six total columns and take each remaining column's
  first word as a location, then read "<loc> sim" and "<loc> data";
* the error plots find locations as the columns containing " sim" (the name
  is the column less its last word) and compute, per day, the absolute
  difference of sim and data summed over locations, divided by
  max(refugees in camps (UNHCR), 1), also after rescaling each location's
  sim by UNHCR total / simulated total;
* "<loc> error" is Flee's rel_error (|sim/data - 1| to 4 decimals, 0
  without data).

This is a test-side reimplementation of those reading steps, not Flee's
code: Flee itself (and matplotlib) are not Debian packages. Exit 77 (ctest:
skipped) when pandas is missing.

usage: check_out.py RELOK_BINARY KB_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import pandas as pd
except ImportError:
    print("pandas is not installed (scripts/deps.sh test installs python3-pandas): skipped")
    sys.exit(77)

RELOK, KB = sys.argv[1], sys.argv[2]
TOTALS = ["Total error", "refugees in camps (UNHCR)", "total refugees (simulation)",
          "raw UNHCR refugee count", "refugees in camps (simulation)", "refugee_debt"]
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def main():
    tmp = tempfile.mkdtemp(prefix="relok-flee-")
    try:
        out = os.path.join(tmp, "out")
        subprocess.run([RELOK, "--kb", KB, "sim", "run", "--scenario", "baseline", "--agents", "2000",
                        "--runs", "3", "--until", "2023-12-31", "--format", "flee", "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        df = pd.read_csv(os.path.join(out, "out.csv"), sep=",", encoding="latin1", index_col="Day")
    finally:
        shutil.rmtree(tmp)

    # One row per day from day 0 (2022-01-01) to 2023-12-31, every cell a number.
    check(list(df.index) == list(range(730)), f"Day index 0..729: {df.index[:3]}..{df.index[-3:]}")
    check(all(pd.api.types.is_numeric_dtype(t) for t in df.dtypes), "every column is numeric")
    check(not df.isna().any().any(), "no empty cell")
    check(all(c in df.columns for c in TOTALS), f"the six totals: {list(df.columns[-6:])}")

    # The camp plots: every column left after dropping the totals names a
    # location whose sim and data columns exist.
    camps = df.drop(TOTALS, axis=1)
    locs = []
    for col in camps.columns:
        name = col.split()[0]
        check(f"{name} sim" in df.columns and f"{name} data" in df.columns, f"camp column {col!r}")
        if name not in locs:
            locs.append(name)
    check(len(camps.columns) == 3 * len(locs), f"three columns per location: {len(camps.columns)}, {len(locs)}")
    # The error plots find the same locations from the " sim" columns.
    from_sim = [" ".join(c.split()[:-1]) for c in df.columns if " sim" in c and "numAgents" not in c]
    check(from_sim == locs, f"locations from ' sim' columns: {from_sim} != {locs}")
    for need in ("GE", "KZ", "AM", "KG"):
        check(need in locs, f"host {need} among the locations")

    # Each "<loc> error" is Flee's rel_error of that day's sim and data.
    for name in locs:
        sim, data = df[f"{name} sim"].to_numpy(), df[f"{name} data"].to_numpy()
        safe = np.where(data < 0.00001, 1.0, data)
        want = np.where(data < 0.00001, 0.0, np.round(np.abs(sim / safe - 1), 4))
        check(np.allclose(df[f"{name} error"].to_numpy(), want, atol=1e-9), f"{name} error is rel_error")
        check((sim >= 0).all() and (data >= 0).all(), f"{name}: no negative counts")

    # Observed values come from the KB's dated stock figures: Georgia's
    # 62 000-130 000 for October 2023 (brief, XVI) holds at its middle.
    check(df.loc[668, "GE data"] == 96000, f"GE data on 2023-10-31 (day 668): {df.loc[668, 'GE data']}")
    check(df.loc[0, "GE data"] == 0, "no observation on day 0: data 0")

    # The totals agree with the per-location columns.
    sims = sum(df[f"{n} sim"] for n in locs)
    datas = sum(df[f"{n} data"] for n in locs)
    check(np.allclose(df["refugees in camps (simulation)"], sims), "refugees in camps (simulation) = sum of sim")
    check(np.allclose(df["refugees in camps (UNHCR)"], datas), "refugees in camps (UNHCR) = sum of data")
    # (No check of "total refugees (simulation)" against the sum of the sim
    # columns: a sum of medians is not the median of the sum.)
    check((df["total refugees (simulation)"] >= 0).all(), "everyone abroad is a count")
    check((df["refugee_debt"] == 0).all(), "refugee_debt is 0")
    check(df.loc[545, "raw UNHCR refugee count"] == 869500,
          f"raw count on 2023-06-30 (day 545) is the middle of 817 000-922 000: {df.loc[545, 'raw UNHCR refugee count']}")

    # Flee's averaged error per day, plain and rescaled: finite. On days
    # without any observation Flee divides by max(0, 1) = 1, so its mean over
    # all days is in persons there; the mean over observed days is the
    # meaningful one, and both are printed.
    untot = df["refugees in camps (UNHCR)"].to_numpy()
    simtot = df["refugees in camps (simulation)"].to_numpy()
    plain = np.zeros(len(df))
    rescaled = np.zeros(len(df))
    for name in locs:
        sim, data = df[f"{name} sim"].to_numpy(), df[f"{name} data"].to_numpy()
        plain += np.abs(sim - data)
        scaled = np.where(simtot > 0, sim * untot / np.where(simtot > 0, simtot, 1), 0)
        rescaled += np.abs(scaled - data)
    denom = np.maximum(untot, np.ones(len(untot)))
    plain, rescaled = plain / denom, rescaled / denom
    check(np.isfinite(plain).all() and np.isfinite(rescaled).all(), "Flee's averaged errors are finite")
    observed = untot > 0
    check(observed.any(), "some days carry observations")
    check(np.isfinite(np.mean(plain)) and np.mean(rescaled) >= 0, "mean errors as Flee prints them")
    print(f"flee out.csv: {len(df)} days, {len(locs)} locations, {int(observed.sum())} days observed; "
          f"Flee's mean error over all days {np.mean(plain):.4g} (rescaled {np.mean(rescaled):.4g}), "
          f"over observed days {np.mean(plain[observed]):.4g} (rescaled {np.mean(rescaled[observed]):.4g})")
    if FAILS:
        print(f"{len(FAILS)} failure(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

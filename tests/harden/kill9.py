#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kill -9 during `relok trip import` (issue 13, point 6): each of N rounds
starts an import of 500 trips into one diary and kills it after a random
delay; the diary must then open, list and export, and hold whole imports
only (a multiple of 500 trips: an import is one transaction).
Usage: kill9.py RELOK_BIN [ROUNDS]   (make test runs 10 rounds)"""
import datetime
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

PER = 500


def write_log(path, year):
    d = datetime.date(year, 1, 1)
    with open(path, "w") as f:
        f.write("country,entry,exit,status\n")
        for i in range(PER):
            day = d + datetime.timedelta(days=i)  # disjoint one-day visits
            f.write(f"{'GE' if i % 2 else 'AM'},{day},{day},visit\n")


def main():
    binary = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    env = dict(os.environ, RELOK_NOW="2024-06-01", LC_ALL="C")
    rng = random.Random(13)
    ok = True
    killed = done = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "diary.db")
        for r in range(rounds):
            log = os.path.join(tmp, f"log{r}.csv")
            write_log(log, 1990 + 2 * r)
            p = subprocess.Popen([binary, "trip", "import", log, "--db", db], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.0, 0.15))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                killed += 1
            else:
                done += 1
            p.wait()
            lst = subprocess.run([binary, "trip", "list", "--json", "--db", db], env=env,
                                 capture_output=True, text=True)
            exp = subprocess.run([binary, "trip", "export", "--db", db], env=env,
                                 capture_output=True, text=True)
            if not os.path.exists(db):
                continue  # killed before the file was made: nothing to check
            n = max(0, len(exp.stdout.strip().splitlines()) - 1)
            if lst.returncode != 0 or exp.returncode != 0 or n % PER != 0:
                print(f"round {r}: list rc {lst.returncode}, export rc {exp.returncode}, "
                      f"{n} trips: {lst.stderr.strip()} {exp.stderr.strip()}")
                ok = False
    print(f"{rounds} rounds: {killed} imports killed, {done} finished first; "
          f"{'diary intact each time' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The simulator's API against the real `relok serve` on the shipped data
(docs/api.md "Scenarios"): the scenario list, one scenario in words, the
precomputed result (202 with progress, then 200; reset by a reload), and
POST /api/sim with good input, bad input (400), every cap (413, at the cap
200) and an unknown scenario (404); a reload abandons a running
precomputation of the old KB; GET /api/sim/report (202, then both tables;
no query, no POST). Ensembles are tiny so the whole file
takes seconds under ASan.

usage: scenarios.py RELOK_BINARY KB_DIR
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

RELOK, KB = sys.argv[1], sys.argv[2]
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def start(*extra, kb=None):
    p = subprocess.Popen([RELOK, "serve", "--port", "0", "--kb", kb or KB, "--threads", "2", *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://[^ /]+", line)
    if not m:
        p.kill()
        sys.exit(f"relok serve did not say where it listens: {line!r} {p.stderr.read()}")
    return p, m.group(0)


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    # ASan/LSan report here and make the exit status non-zero.
    check(p.returncode == 0, f"relok serve exited with {p.returncode}: {err[-2000:]}")
    return err


def call(base, path, body=None, method=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), dict(e.headers)


def wait_ready(base, name, deadline_s=120):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        st, j, _ = call(base, f"/api/scenarios/{name}/result")
        if st != 202:
            return st, j
        check(j["state"] in ("queued", "running") and 0 <= j["progress"] <= 1, f"202 body {j}")
        time.sleep(0.2)
    return 0, None


def error_is(st, j, status, code, field, what):
    ok = st == status and j and j.get("error", {}).get("code") == code and j["error"].get("field") == field
    check(ok, f"{what}: expected {status} {code} field {field}, got {st} {j}")


def series_ok(j, months, what):
    check(len(j["months"]) == months, f"{what}: {len(j['months'])} months, expected {months}")
    check(len(j["places"]) > 0, f"{what}: no host held anyone")
    for p in j["places"]:
        s = p["stock"]
        for k in range(months):
            if not (s["q05"][k] <= s["q50"][k] <= s["q95"][k]):
                check(False, f"{what}: {p['code']} band out of order in month {k}")
                return
        for key in ("arrivals", "departures_onward", "departures_return", "departures_border_run"):
            check(len(p[key]) == months, f"{what}: {p['code']} {key} length")
    ab = j["abroad"]
    check(all(a <= b <= c for a, b, c in zip(ab["q05"], ab["q50"], ab["q95"])), f"{what}: abroad band")


def test_lazy(base, proc_pid):
    st, lst, _ = call(base, "/api/scenarios")
    check(st == 200, f"list status {st}")
    ids = [s["id"] for s in lst["scenarios"]]
    shipped = sorted(f[:-5] for f in os.listdir(os.path.join(KB, "scenarios")) if f.endswith(".yaml"))
    check(ids == shipped, f"list {ids} != files {shipped}")
    check(lst["precompute"] is False and lst["ensemble"]["agents"] == 300 and lst["ensemble"]["runs"] == 2,
          f"ensemble {lst}")
    check(all(s["state"] == "idle" for s in lst["scenarios"]), "nothing computed before it is asked for")
    cal = lst["calibration"]
    if os.path.exists(os.path.join(KB, "sim", "calibration.yaml")):
        check(cal and re.match(r"\d{4}-\d\d-\d\d$", cal["date"]) and cal["pool"] > 0, f"calibration {cal}")
    else:
        check(cal is None, "no calibration file, none reported")
    gv = next(s for s in lst["scenarios"] if s["id"] == "ge-visas")
    check(gv["base"] == "baseline" and gv["title"]["ru"].startswith("Грузия"), f"ge-visas entry {gv}")

    # One scenario in words, both languages, sources resolved.
    st, sc, _ = call(base, "/api/scenarios/ge-visas")
    check(st == 200, f"scenario status {st}")
    own = [e for e in sc["events"] if e["own"]]
    check(len(own) == 2 and len(sc["events"]) > 2, f"ge-visas events {sc['events']}")
    check(own[0]["text"]["en"] == "Georgia (travelling with a passport): entry — visa needed in advance.",
          f"words en: {own[0]['text']['en']}")
    check(own[0]["text"]["ru"] == "Грузия (по загранпаспорту): въезд — нужна виза заранее.",
          f"words ru: {own[0]['text']['ru']}")
    check(own[0]["from"] == "2027-01-01" and own[0]["to"] is None and own[0]["country"] == "GE", "event dates")
    check(all(s["title"] for e in sc["events"] for s in e["sources"]), "every event source has a title")
    st, j, _ = call(base, "/api/scenarios/no-such")
    error_is(st, j, 404, "ENOTFOUND", "name", "unknown scenario")
    st, j, _ = call(base, "/api/scenarios/Baseline")
    error_is(st, j, 404, "ENOTFOUND", "name", "upper case is not a scenario name")
    st, j, _ = call(base, "/api/scenarios?x=1")
    check(st == 400, f"unknown query key: {st}")

    # The first request queues; the result comes when computed.
    st, j, _ = call(base, "/api/scenarios/baseline/result")
    check(st == 202 and j["state"] in ("queued", "running"), f"first result request: {st} {j}")
    st, res = wait_ready(base, "baseline")
    check(st == 200, f"baseline result {st}")
    if st == 200:
        series_ok(res, 72, "baseline")
        check(res["agents"] == 300 and res["runs"] == 2, "precomputed size")
        places = {t["place"]: t for t in res["targets"]}
        check(sorted(places) == ["AM", "GE", "KG", "KZ", "abroad"], f"targets {sorted(places)}")
        ge = places.get("GE", {})
        check(ge.get("low") == 62000 and ge.get("high") == 130000 and ge.get("sources") == ["brief", "brief:XVI", "web:ge-transparency-dependence-2023"],
              f"GE target {ge}")
    st, lst, _ = call(base, "/api/scenarios")
    states = {s["id"]: s["state"] for s in lst["scenarios"]}
    check(states["baseline"] == "ready" and states["ge-visas"] == "idle", f"states after: {states}")
    # A reload starts afresh: results belong to the KB they were computed on.
    os.kill(proc_pid, signal.SIGHUP)
    end = time.monotonic() + 30
    while time.monotonic() < end and call(base, "/api/scenarios")[1]["generation"] != 2:
        time.sleep(0.1)
    st, lst, _ = call(base, "/api/scenarios")
    check(lst["generation"] == 2, f"generation after SIGHUP: {lst['generation']}")
    check(all(s["state"] == "idle" for s in lst["scenarios"]), "results dropped with the old KB")


def test_post(base):
    good = {"scenario": "ge-visas", "agents": 200, "runs": 2, "until": "2023-06-30", "seed": 7}
    st, a, _ = call(base, "/api/sim", good)
    check(st == 200, f"POST /api/sim good: {st} {a if st != 200 else ''}")
    if st == 200:
        series_ok(a, 18, "POST")
        check(a["until"] == "2023-06-30" and a["agents"] == 200 and a["runs"] == 2, "POST echoes its size")
        st, b, _ = call(base, "/api/sim", good)
        check(b == a, "the same seed gives the same answer")
    # At the caps: allowed.
    st, _, _ = call(base, "/api/sim", {"scenario": "baseline", "agents": 20000, "runs": 1, "until": "2022-01-10"})
    check(st == 200, f"agents at the cap: {st}")
    st, _, _ = call(base, "/api/sim", {"scenario": "baseline", "agents": 10, "runs": 1, "until": "2030-12-31"})
    check(st == 200, f"horizon at the cap: {st}")
    # Beyond the caps: 413 naming the field.
    caps = [({"agents": 20001, "runs": 1}, "agents"),
            ({"agents": 10, "runs": 17}, "runs"),
            ({"agents": 10, "runs": 1, "until": "2031-01-01"}, "until"),
            ({"agents": 20000, "runs": 9}, "agents"),          # agents x runs
            ({"agents": 10, "runs": 16, "until": "2030-12-31"}, "runs"),  # runs x days
            ({"agents": 99999999999, "runs": 1}, "agents")]
    for extra, field in caps:
        st, j, _ = call(base, "/api/sim", {"scenario": "baseline", **extra})
        error_is(st, j, 413, "ELIMIT", field, f"cap {extra}")
    # Bad input: 400 naming the field.
    bad = [({"scenario": "baseline", "agents": 0}, "agents", "ERANGE"),
           ({"scenario": "baseline", "agents": -5}, "agents", "ERANGE"),
           ({"scenario": "baseline", "runs": "2"}, "runs", "ERANGE"),
           ({"scenario": "baseline", "until": "2021-12-31"}, "until", "ERANGE"),
           ({"scenario": "baseline", "until": "2023-02-30"}, "until", None),
           ({"scenario": "baseline", "colour": "red"}, "colour", None),
           ({"agents": 10}, "scenario", "ESCHEMA"),
           ({"scenario": 5}, "scenario", "ESCHEMA")]
    for body, field, code in bad:
        st, j, _ = call(base, "/api/sim", body)
        ok = st == 400 and j["error"]["field"] == field and (code is None or j["error"]["code"] == code)
        check(ok, f"bad {body}: {st} {j}")
    st, j, _ = call(base, "/api/sim", b"{not json")
    check(st == 400, f"malformed body: {st}")
    st, j, _ = call(base, "/api/sim", {"scenario": "../baseline"})
    error_is(st, j, 404, "ENOTFOUND", "scenario", "path in a scenario name")
    st, j, _ = call(base, "/api/sim", {"scenario": "no-such"})
    error_is(st, j, 404, "ENOTFOUND", "scenario", "unknown scenario")
    st, j, h = call(base, "/api/sim")
    check(st == 405, f"GET /api/sim: {st}")
    # One simulation at a time: while a large one runs, another gets 503
    # with Retry-After (the large one takes seconds, so the small ones are
    # sent while it runs; it finishing first would leave busy unseen).
    big = {}
    runner = threading.Thread(target=lambda: big.update(r=call(base, "/api/sim", {
        "scenario": "baseline", "agents": 20000, "runs": 8, "until": "2027-12-31"})))
    runner.start()
    busy = None
    while runner.is_alive() and busy is None:
        time.sleep(0.05)
        st, j, h = call(base, "/api/sim", {"scenario": "baseline", "agents": 10, "runs": 1, "until": "2022-01-05"})
        if st == 503:
            busy = (j, h)
    runner.join()
    check(big.get("r", (0,))[0] == 200, f"the large run finished: {big.get('r', (0,))[0]}")
    check(busy is not None and busy[0]["error"]["code"] == "EBUSY" and busy[1].get("Retry-After") == "5",
          f"a second simulation while one runs: {busy}")


def test_precompute():
    # A copy of the KB with three scenarios keeps this short; the baseline
    # sorts after am-retaliation but must come first.
    tmp, kb = kb_copy(["am-retaliation", "baseline", "dispersal"])
    p, base = start("--precompute", "--sim-agents", "200", "--sim-runs", "2", kb=kb)
    try:
        end = time.monotonic() + 240
        # Several scenarios may finish between two polls, so the order within
        # one poll is unknown: what must hold is that no poll shows another
        # scenario ready while the baseline is not.
        while time.monotonic() < end:
            lst = call(base, "/api/scenarios")[1]
            check(lst["precompute"] is True, "--precompute is on")
            ready = [s["id"] for s in lst["scenarios"] if s["state"] == "ready"]
            check(not ready or "baseline" in ready, f"the baseline comes first: ready {ready}")
            if len(ready) == len(lst["scenarios"]):
                break
            time.sleep(0.2)
        check(len(ready) == len(lst["scenarios"]), f"all precomputed: {lst['scenarios']}")
        st, res = wait_ready(base, "dispersal", 5)
        check(st == 200 and res["agents"] == 200, "precomputed result served")
        # A reload precomputes the new KB's scenarios in turn.
        os.kill(p.pid, signal.SIGHUP)
        end = time.monotonic() + 240
        while time.monotonic() < end:
            lst = call(base, "/api/scenarios")[1]
            if lst["generation"] == 2 and all(s["state"] == "ready" for s in lst["scenarios"]):
                break
            time.sleep(0.2)
        check(lst["generation"] == 2 and all(s["state"] == "ready" for s in lst["scenarios"]),
              f"precomputed again after a reload: {lst}")
    finally:
        stop(p)
        shutil.rmtree(tmp)


def test_report(base):
    # The out-of-sample report (relok sim report) as a precomputed job:
    # 202 with progress first, then both tables.
    end = time.monotonic() + 120
    first = None
    while time.monotonic() < end:
        st, j, _ = call(base, "/api/sim/report")
        if first is None:
            first = (st, j)
        if st != 202:
            break
        check(j["id"] == "report" and j["state"] in ("queued", "running") and 0 <= j["progress"] <= 1,
              f"report 202 body {j}")
        time.sleep(0.2)
    check(first[0] == 202 and first[1]["state"] == "queued", f"the first request queues the report: {first}")
    check(st == 200, f"report status {st} {j}")
    if st == 200:
        check(j["scenario"] == "baseline" and j["calibrated"] is True and j["agents"] == 300 and j["runs"] == 2,
              f"report settings: the record's scenario, the server's ensemble size: {j['agents']} x {j['runs']}")
        check([p["name"] for p in j["parameters"]] == ["push_scale", "b_land", "b_network", "const_KG"],
              f"parameters {j['parameters']}")
        check([t["country"] for t in j["targets"]] == ["RU", "GE", "AM", "KZ", "KG"], "five targets")
        for t in j["targets"]:
            m = t.get("model", {})
            check(t["in_kb"] and m.get("q05", -1) <= m.get("q50", -2) <= m.get("q95", -3)
                  and isinstance(t["inside"], bool) and (t["loss"] == 0) == t["inside"], f"target {t}")
        ge = j["targets"][1]
        check(ge["low"] == 62000 and ge["high"] == 130000 and ge["sources"] == ["brief", "brief:XVI", "web:ge-transparency-dependence-2023"], f"GE target {ge}")
        figs = j["out_of_sample"]
        check(len(figs) == 10, f"ten out-of-sample figures: {len(figs)}")
        cannot = [f["id"] for f in figs if not f["expressible"]]
        check(len(cannot) == 3 and all(f["model"] is None and f["hit"] is None for f in figs if not f["expressible"]),
              f"three the model cannot express: {cannot}")
        check(all(f["figure"]["en"] and f["figure"]["ru"] and f["measure"]["ru"] for f in figs), "figures in words")
        st2, j2, _ = call(base, "/api/sim/report")
        check(st2 == 200 and j2 == j, "the stored report is served again unchanged")
    st, j, _ = call(base, "/api/sim/report?runs=5")
    error_is(st, j, 400, "ESCHEMA", "runs", "the report takes no query")
    st, j, h = call(base, "/api/sim/report", {"x": 1}, method="POST")
    check(st == 405 and "GET" in h.get("Allow", ""), f"POST /api/sim/report: {st} {h.get('Allow')}")


def kb_copy(names):
    """A copy of the shipped KB with only the scenarios named."""
    tmp = tempfile.mkdtemp(prefix="relok-api-")
    kb = os.path.join(tmp, "data")
    shutil.copytree(KB, kb, ignore=shutil.ignore_patterns("scenarios"))
    os.mkdir(os.path.join(kb, "scenarios"))
    for name in names:
        shutil.copy(os.path.join(KB, "scenarios", name + ".yaml"), os.path.join(kb, "scenarios"))
    return tmp, kb


def test_stale_precompute():
    # A reload while the old KB's ensemble is running abandons it (its
    # result would serve no one) rather than finishing it first. The
    # ensemble is large enough to take seconds even in a release build,
    # and the reload is sent before it is half done; the server's log says
    # the old generation's run was abandoned. Without the check, the old run
    # would finish (and the log would not say so).
    tmp, kb = kb_copy(["baseline"])
    p, base = start("--precompute", "--sim-agents", "20000", "--sim-runs", "16", kb=kb)
    err = ""
    try:
        end = time.monotonic() + 120
        mid = None
        while time.monotonic() < end and mid is None:
            s = call(base, "/api/scenarios")[1]["scenarios"][0]
            if s["state"] == "running" and 0 < s["progress"] < 0.5:
                mid = s["progress"]
            elif s["state"] in ("ready", "failed") or s["progress"] >= 0.5:
                break
            time.sleep(0.02)
        check(mid is not None, f"caught the first ensemble mid-run: {s}")
        os.kill(p.pid, signal.SIGHUP)
        # The worker has left the old run once it works on the new KB's.
        end = time.monotonic() + 120
        while time.monotonic() < end:
            lst = call(base, "/api/scenarios")[1]
            if lst["generation"] == 2 and lst["scenarios"][0]["state"] in ("running", "ready"):
                break
            time.sleep(0.05)
        check(lst["generation"] == 2 and lst["scenarios"][0]["state"] in ("running", "ready"),
              f"the new KB's ensemble started: {lst}")
    finally:
        err = stop(p)
        shutil.rmtree(tmp)
    check("scenario baseline: precomputation for KB generation 1 abandoned: the KB was reloaded" in err,
          f"the old run was abandoned, and the log says so: {err[-1500:]}")


def main():
    p, base = start("--sim-agents", "300", "--sim-runs", "2")
    try:
        test_report(base)
        test_lazy(base, p.pid)
        test_post(base)
    finally:
        stop(p)
    test_precompute()
    test_stale_precompute()
    if FAILS:
        print(f"{len(FAILS)} failure(s)", file=sys.stderr)
        return 1
    print("api scenarios: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Memory under load (issue 13, point 3): resident memory of `relok serve`
before, at the peak of, and 30 s after a burst of 5000-trip bodies sent by
256 connections at once. Not part of make test (it waits 30 s); run it on a
release build:  rss_burst.py build/release/cli/relok data [ROUNDS]
Prints RSS (VmRSS, sampled every 20 ms) and the answers' status counts."""
import datetime
import json
import os
import socket
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def body_5000():
    d0 = datetime.date(1995, 1, 1)
    trips = []
    for i in range(5000):
        d = d0 + datetime.timedelta(days=2 * i)
        trips.append({"country": "KZ" if i % 2 else "GE", "entry": d.isoformat(),
                      "exit": d.isoformat()})
    return json.dumps({"trips": trips, "on": "2024-01-01"}).encode()


def post(port, body, statuses, lock, src):
    head = (f"POST /api/stay HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    status = "error"
    try:
        # Spread over 32 loopback addresses: 8 per address stays under the
        # per-address connection limit, so the burst reaches the server.
        with socket.create_connection(("127.0.0.1", port), timeout=120,
                                      source_address=(src, 0)) as s:
            s.sendall(head + body)
            data = b""
            while True:
                d = s.recv(65536)
                if not d:
                    break
                data += d
        status = data[9:12].decode() if data.startswith(b"HTTP/1.1 ") else "none"
    except OSError:
        pass
    with lock:
        statuses[status] = statuses.get(status, 0) + 1


def main():
    binary, kb = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    p = subprocess.Popen([binary, "serve", "--port", "0", "--kb", kb],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(p.stdout.readline().split("http://127.0.0.1:")[1].split("/")[0])
    body = body_5000()
    statuses, lock = {}, threading.Lock()
    time.sleep(1)
    before = rss_kib(p.pid)
    peak = before
    t0 = time.monotonic()
    for _ in range(rounds):
        threads = [threading.Thread(target=post,
                                    args=(port, body, statuses, lock, f"127.0.2.{i % 32 + 1}"))
                   for i in range(256)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_kib(p.pid))
            time.sleep(0.02)
        for t in threads:
            t.join()
    burst = time.monotonic() - t0
    time.sleep(30)
    after = rss_kib(p.pid)
    p.terminate()
    p.wait(timeout=30)
    mib = lambda k: k / 1024
    print(f"body {len(body)} bytes, {rounds} rounds x 256 connections in {burst:.1f} s; "
          f"answers {dict(sorted(statuses.items()))}")
    print(f"RSS before {mib(before):.1f} MiB, peak {mib(peak):.1f} MiB, "
          f"30 s after {mib(after):.1f} MiB")


if __name__ == "__main__":
    main()

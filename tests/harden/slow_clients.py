#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Slow and idle clients against `relok serve` (issue 13, "Done when").

1. Slowloris: 300 connections from one address (127.0.0.2) each send one
   byte of a request head every 2 s for 20 s, reconnecting when cut off.
2. Idle flood: 1000 connections that send nothing, held for 10 s and
   reopened when closed: half from one address, half spread over 50
   addresses (so the global limit, not only the per-address one, is hit).

During both, a second client (127.0.0.1) asks GET /healthz every 0.2 s;
every one of those must answer 200 within 2 s. Prints the figures.
Usage: slow_clients.py RELOK_BIN KB_DIR [--quick]"""
import os
import selectors
import socket
import subprocess
import sys
import threading
import time


def start_server(binary, kb):
    p = subprocess.Popen([binary, "serve", "--port", "0", "--kb", kb, "--threads", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         env=dict(os.environ, LC_ALL="C"))
    line = p.stdout.readline()
    # "relok: serving on http://127.0.0.1:PORT/ (...)"
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    return p, port


def healthz(port):
    t0 = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                d = s.recv(4096)
                if not d:
                    break
                data += d
        ok = data.startswith(b"HTTP/1.1 200")
    except OSError:
        ok = False
    return ok, time.monotonic() - t0


class Attack(threading.Thread):
    """Keeps n connections open from the given source addresses; when send
    is set, trickles one head byte per connection every `every` seconds."""

    HEAD = b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + b"X-Pad: " + b"a" * 4000

    def __init__(self, port, sources, n, trickle, every=2.0):
        super().__init__(daemon=True)
        self.port, self.sources, self.n = port, sources, n
        self.trickle, self.every = trickle, every
        self.stop = threading.Event()
        self.opened = self.cut = 0
        self.socks = {}

    def open_one(self, i):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.bind((self.sources[i % len(self.sources)], 0))
        try:
            s.connect(("127.0.0.1", self.port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            return
        self.socks[i] = (s, 0)
        self.opened += 1

    def run(self):
        sel = selectors.DefaultSelector()
        for i in range(self.n):
            self.open_one(i)
        last = 0.0
        while not self.stop.is_set():
            now = time.monotonic()
            if now - last >= self.every:
                last = now
                for i in range(self.n):
                    ent = self.socks.get(i)
                    if ent is None:
                        self.open_one(i)
                        continue
                    s, pos = ent
                    try:
                        if s.recv(1) == b"":
                            raise ConnectionResetError
                    except BlockingIOError:
                        pass
                    except OSError:
                        s.close()
                        del self.socks[i]
                        self.cut += 1
                        continue
                    if self.trickle:
                        try:
                            s.send(self.HEAD[pos % len(self.HEAD):pos % len(self.HEAD) + 1])
                            self.socks[i] = (s, pos + 1)
                        except BlockingIOError:
                            pass
                        except OSError:
                            s.close()
                            del self.socks[i]
                            self.cut += 1
            self.stop.wait(0.05)
        for s, _ in self.socks.values():
            s.close()
        sel.close()


def run_phase(name, port, attack, seconds):
    attack.start()
    time.sleep(0.5)  # let the connections open
    oks, lat = 0, []
    fails = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ok, t = healthz(port)
        if ok:
            oks += 1
            lat.append(t)
        else:
            fails += 1
        time.sleep(0.2)
    attack.stop.set()
    attack.join()
    lat.sort()
    p50 = lat[len(lat) // 2] * 1000 if lat else 0
    mx = lat[-1] * 1000 if lat else 0
    print(f"{name}: {seconds:.0f} s, {attack.n} connections, {attack.opened} opened, "
          f"{attack.cut} cut by the server; healthz {oks} ok / {fails} failed, "
          f"median {p50:.1f} ms, max {mx:.1f} ms")
    return fails == 0 and oks > 0


def main():
    binary, kb = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    srv, port = start_server(binary, kb)
    ok = True
    try:
        slow = Attack(port, ["127.0.0.2"], 300, trickle=True)
        ok &= run_phase("slowloris", port, slow, 5 if quick else 20)
        idle_sources = ["127.0.0.3"] + [f"127.0.1.{i}" for i in range(1, 51)]
        # Half from 127.0.0.3, half spread over the 50 others.
        sources = ["127.0.0.3"] * 50 + idle_sources[1:]
        idle = Attack(port, sources, 1000, trickle=False)
        ok &= run_phase("idle flood", port, idle, 5 if quick else 10)
        ok &= srv.poll() is None
    finally:
        srv.terminate()
        srv.wait(timeout=30)
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

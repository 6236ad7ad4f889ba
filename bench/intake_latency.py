#!/usr/bin/env python3
"""How soon the operator sees a page's verdict: pages of generated dossiers are uploaded to a real
`sohoa serve` on loopback one at a time, as a scanner delivers them, and each is asked for every
10 ms until it is prepared (found documents, orientation, quality verdict, thumbnail). Prints each
page's time from the start of its upload to its verdict, and the median and longest per run (the
target: within a second of arrival). The screen itself asks every 300 ms, which adds up to that.

usage: bench/intake_latency.py SOHOA [--dossiers 3] [--seed 77] [--runs 3]"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "server"))
from station import Server, scans_of  # noqa: E402


def run_once(sohoa, scans, data):
    server = Server(sohoa, data)
    server.add_user("an", "operator", "operator-pass")
    server.start()
    try:
        c = server.client()
        c.login("an", "operator-pass")
        d = c.ok("POST", "/api/dossiers", {"number": "HS-BENCH"})["id"]
        out = []
        for folder in sorted(f for f in os.listdir(scans) if f.startswith("d")):
            for path in scans_of(os.path.join(scans, folder)):
                data = open(path, "rb").read()
                start = time.perf_counter()
                page = c.ok("POST", f"/api/dossiers/{d}/pages?name=p{os.path.splitext(path)[1]}", raw=data)
                while c.ok("GET", f"/api/pages/{page['id']}")["status"] == "received":
                    time.sleep(0.01)
                out.append((time.perf_counter() - start, f"{folder}/{os.path.basename(path)}", len(data)))
        return out
    finally:
        server.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sohoa")
    ap.add_argument("--dossiers", type=int, default=3)
    ap.add_argument("--seed", type=int, default=77)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scans = os.path.join(tmp, "scans")
        subprocess.run([a.sohoa, "synth", "--out", scans, "--dossiers", str(a.dossiers), "--seed", str(a.seed)], check=True, capture_output=True)
        medians = []
        for run in range(a.runs):
            pages = run_once(a.sohoa, scans, os.path.join(tmp, f"data{run}"))
            if run == 0:
                for seconds, name, size in pages:
                    print(f"    {name} ({size // 1024} KB): {seconds * 1000:.0f} ms")
            ms = [p[0] * 1000 for p in pages]
            medians.append(statistics.median(ms))
            print(f"run {run + 1}: {len(ms)} pages, upload to verdict median {statistics.median(ms):.0f} ms, longest {max(ms):.0f} ms")
        print(f"median over {a.runs} runs: {statistics.median(medians):.0f} ms from a page's upload to its verdict")


if __name__ == "__main__":
    main()

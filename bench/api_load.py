#!/usr/bin/env python3
"""20 clerks' worth of concurrent API requests against a real `sohoa serve` on loopback.

Each simulated clerk logs in and then works without pause: the queue, a dossier with its record
and pages, the image snippets of its fields, a correction, the field history. Prints the latency
percentiles per kind of request and overall (the target: every response under 200 ms at the 95th
percentile). The client runs on the same machine and shares its cores with the server.

usage: bench/api_load.py SOHOA [--clerks 20] [--seconds 30] [--dossiers 3] [--runs 3] [--pg CONNECTION]

--pg puts the store on PostgreSQL (a libpq connection string, e.g. the one scripts/start-postgres prints).
Each run EMPTIES that database (DROP SCHEMA public CASCADE): give it one kept for tests."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "server"))
from station import Server, leaves, wait_for  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def clerk(server, name, dossiers, stop, samples, lock):
    c = server.client()
    c.login(name, "clerk-password")
    mine = []
    n = 0
    while not stop.is_set():
        d = dossiers[n % len(dossiers)]
        n += 1
        timed = []

        def call(kind, method, path, body=None):
            t = time.perf_counter()
            status, value = c.request(method, path, body)
            timed.append((kind, (time.perf_counter() - t) * 1000, status))
            return value

        call("queue", "GET", "/api/queue")
        got = call("dossier", "GET", f"/api/dossiers/{d}")
        record = got["record"]
        fields = [(i, p, f) for i, doc in enumerate(record["documents"]) for p, f in leaves(doc["fields"])]
        boxed = [(i, p) for i, p, f in fields if f.get("source", {}).get("bbox", [0, 0, 0, 0])[2] > 0]
        for i, p in boxed[(n * 5) % max(1, len(boxed)):][:5]:
            call("snippet", "GET", f"/api/dossiers/{d}/snippet?document={i}&path={p}")
        i, p, f = fields[n % len(fields)]
        call("correct", "PUT", f"/api/dossiers/{d}/fields", {"document": i, "path": p, "value": f["value"], "reason": "load test"})
        call("history", "GET", f"/api/dossiers/{d}/history")
        with lock:
            samples.extend(timed)
        mine.append(n)


def run_once(sohoa, clerks, seconds, dossiers_n, tmp, run, pg):
    data = os.path.join(tmp, f"data{run}")
    store = os.path.join(data, "store.sqlite")
    if pg:
        subprocess.run(["psql", "-q", pg, "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public"], check=True, capture_output=True)
        store = "postgresql:" + pg
    server = Server(sohoa, data, None if not pg else store)
    for k in range(clerks):
        server.add_user(f"clerk{k:02d}", "clerk", "clerk-password")
    # the dossiers are read once, then filed in this run's store
    subprocess.run([sohoa, "ingest", "--batch", os.path.join(tmp, "scans"), "--out", os.path.join(data, "read"),
                    "--store", store], check=True, capture_output=True)
    server.start()
    try:
        c = server.client()
        c.login("clerk00", "clerk-password")
        ids = [d["id"] for d in c.ok("GET", "/api/queue")["dossiers"]][:dossiers_n]
        wait_for("the pages' images", lambda: all(p["status"] == "prepared" for d in ids for p in c.ok("GET", f"/api/dossiers/{d}")["pages"]), 120)
        for d in ids:
            c.ok("POST", f"/api/dossiers/{d}/open")
        stop, lock, samples = threading.Event(), threading.Lock(), []
        threads = [threading.Thread(target=clerk, args=(server, f"clerk{k:02d}", ids, stop, samples, lock)) for k in range(clerks)]
        start = time.time()
        for t in threads:
            t.start()
        time.sleep(seconds)
        stop.set()
        for t in threads:
            t.join()
        elapsed = time.time() - start
    finally:
        server.stop()
    return samples, elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sohoa")
    ap.add_argument("--clerks", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--dossiers", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pg", help="a PostgreSQL connection string for the store (emptied on each run)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([a.sohoa, "synth", "--out", os.path.join(tmp, "scans"), "--dossiers", str(a.dossiers), "--seed", "2026"],
                       check=True, capture_output=True)
        overall = []
        for run in range(a.runs):
            samples, elapsed = run_once(a.sohoa, a.clerks, a.seconds, a.dossiers, tmp, run, a.pg)
            errors = sum(1 for _, _, s in samples if s >= 400)
            ms = [m for _, m, _ in samples]
            print(f"run {run + 1}: {len(samples)} requests in {elapsed:.1f} s ({len(samples) / elapsed:.0f}/s), {errors} errors, "
                  f"p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, p99 {percentile(ms, 99):.1f} ms, max {max(ms):.0f} ms")
            for kind in ("queue", "dossier", "snippet", "correct", "history"):
                k = [m for kk, m, _ in samples if kk == kind]
                print(f"    {kind:8s} n={len(k):6d}  p50 {percentile(k, 50):6.1f}  p95 {percentile(k, 95):6.1f}  p99 {percentile(k, 99):6.1f} ms")
            overall.append(percentile(ms, 95))
        where = "PostgreSQL" if a.pg else "SQLite"
        print(f"median over {a.runs} runs of the p95 latency: {statistics.median(overall):.1f} ms ({a.clerks} clerks, {where})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Several stations uploading to the provincial intake at once: each of K stations exports its own
batch of generated dossiers (their ids made distinct, so no two batches touch the same rows), and
all K `sohoa upload` runs start together against one `sohoa intake` over loopback HTTPS, loading
into PostgreSQL. Prints, per run, the time from the start to the last receipt and each upload's
own time; then the medians over the runs.

usage: bench/intake_concurrency.py SOHOA --pg CONNECTION [--stations 6] [--runs 3] [--chunk BYTES]"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from export_common import intake_certificates, renamed_records, run  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("sohoa")
p.add_argument("--pg", required=True)
p.add_argument("--stations", type=int, default=6)
p.add_argument("--runs", type=int, default=3)
p.add_argument("--chunk", type=int, default=262144)
a = p.parse_args()
sohoa = os.path.abspath(a.sohoa)


def sql(query):
    return run("psql", a.pg, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", query).stdout.strip()


tmp = tempfile.mkdtemp(prefix="sohoa-intake-bench-")
intake = None
try:
    scans, out = os.path.join(tmp, "scans"), os.path.join(tmp, "out")
    run(sohoa, "synth", "--out", scans, "--dossiers", "2", "--seed", "7")
    run(sohoa, "ingest", "--batch", scans, "--out", out, "--no-images")
    key, keys = os.path.join(tmp, "station.pem"), os.path.join(tmp, "keys")
    os.makedirs(keys)
    run(sohoa, "export", os.path.join(out, "d0001"), "--out", os.path.join(tmp, "probe.zip"), "--batch-id", "probe", "--station", "S",
        "--key", key, "--scans", scans, "--operator", "op", "--clerk", "cl")
    with open(os.path.join(keys, "station.pem"), "w") as fh:
        fh.write(run(sohoa, "export", "--public-key", "--key", key).stdout)

    def package(run_no, station):
        """Station `station`'s batch for run `run_no`: the dossiers renamed so their rows are its own."""
        dossiers = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))
        folders = renamed_records(out, dossiers, os.path.join(tmp, f"r{run_no}s{station}"), f"r{run_no}s{station}")
        path = os.path.join(tmp, f"r{run_no}s{station}.zip")
        run(sohoa, "export", *folders, "--out", path, "--batch-id", f"R{run_no}S{station}", "--station", f"S{station}", "--key", key,
            "--scans", scans, "--operator", "op", "--clerk", "cl")
        return path

    ca, srv_key, srv = intake_certificates(tmp)

    for t in ("certificate_owners", "certificates", "id_documents", "owners", "purposes", "parcels", "scan_files", "batches"):
        sql(f"DROP TABLE IF EXISTS {t} CASCADE")
    intake = subprocess.Popen([sohoa, "intake", "--port", "0", "--pg", a.pg, "--cert", srv, "--key", srv_key, "--trusted-keys", keys,
                               "--spool", os.path.join(tmp, "spool")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = int(re.search(r"port (\d+)", intake.stdout.readline()).group(1))

    totals, each_all = [], []
    for r in range(a.runs):
        packages = [package(r, s) for s in range(a.stations)]
        size = sum(os.path.getsize(x) for x in packages)
        start = time.perf_counter()
        procs = [(subprocess.Popen([sohoa, "upload", x, "--to", f"https://localhost:{port}", "--ca", ca, "--queue",
                                    os.path.join(tmp, f"q{r}-{i}"), "--chunk", str(a.chunk), "--retries", "3", "--backoff-ms", "100"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), x) for i, x in enumerate(packages)]
        each, errors = [], []

        def wait(proc, x):
            _, err = proc.communicate()
            each.append(time.perf_counter() - start)
            if proc.returncode != 0:
                errors.append(f"upload of {x} failed: {err}")

        waiters = [threading.Thread(target=wait, args=pair) for pair in procs]
        for w in waiters:
            w.start()
        for w in waiters:
            w.join()
        if errors:
            sys.exit("\n".join(errors))
        total = time.perf_counter() - start
        loaded = sql(f"SELECT count(*) FROM batches WHERE batch_id LIKE 'R{r}S%'")
        if loaded != str(a.stations):
            sys.exit(f"run {r + 1}: {loaded} of {a.stations} batches loaded")
        totals.append(total)
        each_all += each
        print(f"run {r + 1}: {a.stations} stations, {size / 1e6:.1f} MB, all loaded in {total:.2f} s; "
              f"each upload done after {', '.join(f'{t:.2f}' for t in sorted(each))} s")
    print(f"median over {a.runs} runs: all loaded in {statistics.median(totals):.2f} s; "
          f"an upload's median {statistics.median(each_all):.2f} s, longest {max(each_all):.2f} s")
finally:
    if intake:
        intake.terminate()
        intake.wait()
    shutil.rmtree(tmp, ignore_errors=True)

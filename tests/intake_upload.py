#!/usr/bin/env python3
"""Done-when test of the export issue: a batch of generated dossiers is exported, uploaded over
loopback HTTPS (a CA made here with the openssl CLI) to `sohoa intake` through a proxy that cuts
the connection mid-transfer, and ends with every record in PostgreSQL exactly once and every
file's checksum matching; a tampered PDF, a removed file, another package under an accepted batch
id, an untrusted station key and a server certificate from another CA are refused with a clear
reason; a replayed batch changes nothing.
Usage: intake_upload.py SOHOA [FIXTURE_DIR]   (needs SOHOA_TEST_PG, from scripts/start-postgres)"""
import hashlib, json, os, re, shutil, socket, sqlite3, subprocess, sys, tempfile, threading, time, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_common import (SOHOA, check, commune_code, dossiers_ingested, failures, intake_certificates, renamed_records,  # noqa: E402
                           rewrite_zip, run)

if not os.environ.get("SOHOA_TEST_PG"):
    print("SOHOA_TEST_PG is not set (scripts/start-postgres prints it): skipped")
    sys.exit(77)
PG = re.sub(r"dbname=\S+", "dbname=sohoa_intake_test", os.environ["SOHOA_TEST_PG"])


def sql(query):
    return run("psql", PG, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", query).stdout.strip()


class CuttingProxy:
    """A TCP proxy that cuts the connection (both ways, abruptly) when the bytes sent towards the
    server cross each of the given totals."""

    def __init__(self, target_port, cut_at):
        self.target, self.cut_at, self.sent, self.cuts = target_port, sorted(cut_at), 0, 0
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self.pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self.pipe, args=(upstream, client, False), daemon=True).start()

    def pipe(self, src, dst, towards_server):
        try:
            while True:
                data = src.recv(16384)
                if not data:
                    break
                if towards_server:
                    with self.lock:
                        self.sent += len(data)
                        cut = bool(self.cut_at) and self.sent >= self.cut_at[0]
                        if cut:
                            self.cut_at.pop(0)
                            self.cuts += 1
                    if cut:
                        for s in (src, dst):
                            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                            s.close()
                        return
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


tmp = tempfile.mkdtemp(prefix="sohoa-intake-")
intake = None
try:
    for t in ("certificate_owners", "certificates", "id_documents", "owners", "purposes", "parcels", "scan_files", "batches"):
        sql(f"DROP TABLE IF EXISTS {t} CASCADE")
    scans, out = dossiers_ingested(tmp)
    dossiers = sorted(os.listdir(scans))
    key, pub = os.path.join(tmp, "station.pem"), os.path.join(tmp, "keys", "station.pem")
    os.makedirs(os.path.dirname(pub))
    folders = [os.path.join(out, d) for d in dossiers]

    def export(name, batch, signing_key=key):
        path = os.path.join(tmp, name)
        run(SOHOA, "export", *folders, "--out", path, "--batch-id", batch, "--station", "S1", "--key", signing_key,
            "--scans", scans, "--operator", "op1", "--clerk", "clerk1")
        return path

    b1 = export("b1.zip", "B1")
    with open(pub, "w") as fh:
        fh.write(run(SOHOA, "export", "--public-key", "--key", key).stdout)

    # certificates: a CA, the intake's certificate for localhost/127.0.0.1, and another CA
    ca, srv_key, srv = intake_certificates(tmp)
    other_key, other_ca = os.path.join(tmp, "other.key"), os.path.join(tmp, "other.pem")
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other_key, "-out", other_ca, "-days", "2", "-subj", "/CN=other CA")

    intake = subprocess.Popen([SOHOA, "intake", "--port", "0", "--pg", PG, "--cert", srv, "--key", srv_key,
                               "--trusted-keys", os.path.dirname(pub), "--spool", os.path.join(tmp, "spool")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = intake.stdout.readline()
    m = re.search(r"port (\d+)", line)
    if not m:
        sys.exit(f"intake did not start: {line} {intake.stderr.read()}")
    port = int(m.group(1))
    size = os.path.getsize(b1)
    proxy = CuttingProxy(port, [size // 3, (2 * size) // 3])

    def upload(package, queue, via=None, ca_file=ca, retries="6"):
        return run(SOHOA, "upload", package, "--to", f"https://localhost:{via or port}", "--ca", ca_file, "--queue",
                   os.path.join(tmp, queue), "--chunk", "262144", "--retries", retries, "--backoff-ms", "50", ok=False)

    # a server certificate the CA bundle does not vouch for: not sent, stays queued
    r = upload(b1, "q-wrong-ca", ca_file=other_ca, retries="0")
    check(r.returncode == 1 and "certificate" in r.stderr.lower(), f"an unknown server certificate is refused: {r.stderr.strip()}")
    check(os.path.exists(os.path.join(tmp, "q-wrong-ca", "B1.zip")), "the package stays queued after a failed attempt")
    check(sql("SELECT count(*) FROM batches") == "0", "nothing loaded without a verified server")

    # through the cutting proxy: the first run gives up at the first cut (no retries) and leaves the
    # package queued; the next run (a restart: no package given, the queue alone) resumes where the
    # intake stands, is cut again, retries with backoff and completes
    r = upload(b1, "q1", via=proxy.port, retries="0")
    check(r.returncode == 1 and proxy.cuts == 1, f"the first run stops at the cut ({proxy.cuts} cuts): {r.stderr.strip()}")
    check(os.path.exists(os.path.join(tmp, "q1", "B1.zip")), "the cut package stays in the queue")
    # the station's store knows which dossiers went out in B1 (as `export --batch` leaves them)
    station_data = os.path.join(tmp, "station")
    run(SOHOA, "ingest", "--batch", scans, "--out", os.path.join(tmp, "station-read"), "--no-images", "--store",
        os.path.join(station_data, "store.sqlite"))
    with sqlite3.connect(os.path.join(station_data, "store.sqlite")) as db:
        db.execute("UPDATE dossiers SET state = 'exported', batch = 'B1'")
    r = run(SOHOA, "upload", "--queue", os.path.join(tmp, "q1"), "--ca", ca, "--chunk", "262144", "--retries", "6",
            "--backoff-ms", "50", "--data", station_data, ok=False)
    with sqlite3.connect(os.path.join(station_data, "store.sqlite")) as db:
        states = [s for (s,) in db.execute("SELECT state FROM dossiers")]
    check(states and set(states) == {"uploaded"}, f"the batch's dossiers are uploaded in the station's store once the receipt came: {states}")
    check(r.returncode == 0, f"the queued upload completes after a restart: {r.stdout} {r.stderr}")
    check(proxy.cuts == 2, f"the proxy cut the transfer mid-way twice ({proxy.cuts} cuts)")
    check(re.search(r"resuming at byte [1-9]", r.stderr) is not None, f"the upload resumed where it stopped: {r.stderr.strip()}")
    check("retrying in" in r.stderr, f"the cut was retried with backoff: {r.stderr.strip()}")
    check(not os.path.exists(os.path.join(tmp, "q1", "B1.zip")), "a delivered package leaves the queue")
    receipt_file = os.path.join(tmp, "q1", "receipts", "B1.json")
    check(os.path.exists(receipt_file), "a receipt is stored for the batch")
    sha = hashlib.sha256(open(b1, "rb").read()).hexdigest()
    if os.path.exists(receipt_file):
        receipt = json.load(open(receipt_file))
        check(receipt.get("status") == "accepted" and receipt.get("package_sha256") == sha, f"receipt {receipt}")

    def state():
        return {t: sql(f"SELECT count(*) FROM {t}") for t in
                ("batches", "parcels", "purposes", "owners", "id_documents", "certificates", "certificate_owners", "scan_files")}

    with zipfile.ZipFile(b1) as z:
        manifest = json.loads(z.read("manifest.json"))
        contents = {n: z.read(n) for n in z.namelist()}
    files = [f for d in manifest["dossiers"] for f in d["files"]]
    check(sql("SELECT count(*) FROM scan_files") == str(len(files)), "every file of the package is stored once")
    for f in files:
        row = sql(f"SELECT sha256, encode(sha256(content), 'hex'), size FROM scan_files WHERE path = '{f['path']}'").split("|")
        check(row == [f["sha256"], hashlib.sha256(contents[f["path"]]).hexdigest(), str(f["size"])], f"{f['path']}: checksum matches ({row})")
    for d in dossiers:
        truth = json.load(open(os.path.join(scans, d, "truth.json")))
        cert = next(x for x in truth["documents"] if x["type"] == "land_certificate")["fields"]
        check(sql(f"SELECT count(*) FROM certificates WHERE dossier_id = '{d}'") == "1", f"{d}: one certificate")
        check(sql(f"SELECT serial FROM certificates WHERE dossier_id = '{d}'") == cert["serial"], f"{d}: certificate serial as the truth")
        check(sql(f"SELECT to_char(issue_date, 'YYYY-MM-DD') FROM certificates WHERE dossier_id = '{d}'") == cert["issue_date"], f"{d}: issue date")
        check(sql(f"SELECT parcel_number || '/' || map_sheet FROM parcels WHERE dossier_id = '{d}'") ==
              cert["parcel"]["number"] + "/" + cert["parcel"]["map_sheet"], f"{d}: parcel number and map sheet")
        check(sql(f"SELECT address FROM parcels WHERE dossier_id = '{d}'") == cert["parcel"]["address"], f"{d}: parcel address")
        expected = commune_code(cert["parcel"]["address"])
        check(expected != "unknown", f"{d}: the truth's parcel address is a place of places.json")
        check(sql(f"SELECT commune_code FROM parcels WHERE dossier_id = '{d}'") == (expected or ""), f"{d}: parcel commune code {expected} (maXa)")
        names = sql(f"SELECT full_name FROM owners WHERE dossier_id = '{d}' ORDER BY full_name").split("\n")
        for o in cert["owners"]:
            check(names.count(o["name"]) == 1, f"{d}: owner {o['name']} once (owners: {names})")
        check(sql(f"SELECT count(*) FROM certificate_owners c JOIN certificates g ON g.guid = c.certificate_guid WHERE g.dossier_id = '{d}'")
              == str(len(cert["owners"])), f"{d}: the certificate names its owners")
    loaded = state()

    # a replay of the same batch changes nothing
    r = upload(b1, "q2")
    check(r.returncode == 0 and "already been received" in r.stdout, f"a replayed batch is acknowledged as already received: {r.stdout} {r.stderr}")
    check(state() == loaded, "a replayed batch changes nothing in the database")

    # another package under the accepted batch id: refused
    b1_again = export("b1-again.zip", "B1")
    r = upload(b1_again, "q3")
    check(r.returncode == 1 and "already received with another package" in r.stderr, f"another package as B1 is refused: {r.stderr.strip()}")
    check(os.path.exists(os.path.join(tmp, "q3", "refused", "B1.json")), "a refused package is set aside with its reason")

    def rewrite(src, name, change):
        return rewrite_zip(src, os.path.join(tmp, name), change)

    first = dossiers[0]

    def flip(item, data):
        if item != f"{first}/{first}.pdf":
            return data
        data = bytearray(data)
        data[len(data) // 2] ^= 0x01
        return bytes(data)

    b2 = rewrite(export("b2.zip", "B2"), "b2-tampered.zip", flip)
    r = upload(b2, "q4")
    check(r.returncode == 1 and f"checksum mismatch: {first}/{first}.pdf" in r.stderr, f"a tampered PDF is refused: {r.stderr.strip()}")
    b3 = rewrite(export("b3.zip", "B3"), "b3-removed.zip", lambda i, d: None if i == f"{first}/dossier.json" else d)
    r = upload(b3, "q5")
    check(r.returncode == 1 and f"missing file: {first}/dossier.json" in r.stderr, f"a removed file is refused: {r.stderr.strip()}")
    b4 = export("b4.zip", "B4", signing_key=os.path.join(tmp, "stranger.pem"))
    r = upload(b4, "q6")
    check(r.returncode == 1 and "not a trusted station key" in r.stderr, f"an unknown station's package is refused: {r.stderr.strip()}")
    check(state() == loaded, "refused packages change nothing in the database")
    check(intake.poll() is None, "the intake keeps running after refusals")

    # two more stations at once, their records renamed so that their rows are their own, while a
    # third replays B1: the intake takes them side by side and each batch is loaded exactly once
    def station_export(name, batch, station):
        copies = renamed_records(out, dossiers, os.path.join(tmp, station), station)
        path = os.path.join(tmp, name)
        run(SOHOA, "export", *copies, "--out", path, "--batch-id", batch, "--station", station, "--key", key, "--scans", scans,
            "--operator", "op1", "--clerk", "clerk1")
        return path

    sends = {"q7": station_export("b5.zip", "B5", "S5"), "q8": station_export("b6.zip", "B6", "S6"), "q9": b1}
    results = {}
    senders = [threading.Thread(target=lambda q=q, p=p: results.update({q: upload(p, q)})) for q, p in sends.items()]
    for t in senders:
        t.start()
    for t in senders:
        t.join()
    check(all(r.returncode == 0 for r in results.values()), f"three stations upload at once: {[r.stderr for r in results.values()]}")
    after = state()
    check(after["batches"] == str(int(loaded["batches"]) + 2), f"both new batches are recorded once: {after}")
    check(all(after[t] == str(3 * int(loaded[t])) for t in after if t != "batches"),
          f"each new batch's rows are loaded once beside B1's: {loaded} -> {after}")
    for station in ("S5", "S6"):
        for d in dossiers:
            check(sql(f"SELECT count(*) FROM certificates WHERE dossier_id = '{station}-{d}'") == "1", f"{station}-{d}: one certificate")
finally:
    if intake:
        intake.terminate()
        try:
            intake.wait(10)
        except subprocess.TimeoutExpired:
            intake.kill()
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)

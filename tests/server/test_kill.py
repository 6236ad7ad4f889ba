"""Nothing confirmed is lost when the station is killed (kill -9) in the middle of its work:
during uploads, while a dossier is being read, and during a clerk's stream of corrections and an
approval. After a restart, every page, correction and state change the user was told about is
there, and the unfinished reading is picked up again. Usage: test_kill.py SOHOA_BINARY [postgresql]
("postgresql": the store on the PostgreSQL server scripts/start-postgres runs, SOHOA_TEST_PG)"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from station import Server, scans_of, store_from_argv, wait_for  # noqa: E402

SOHOA = sys.argv.pop(1) if len(sys.argv) > 1 else "build/station/sohoa"
STORE = store_from_argv("sohoa_kill_test")


class KillTheStation(unittest.TestCase):
    def test_kill_during_uploads_reading_and_corrections(self):
        with tempfile.TemporaryDirectory() as tmp:
            scans = os.path.join(tmp, "scans")
            subprocess.run([SOHOA, "synth", "--out", scans, "--dossiers", "2", "--seed", "5"], check=True, capture_output=True)
            server = Server(SOHOA, os.path.join(tmp, "data"), STORE)
            server.add_user("an", "operator", "operator-pass")
            server.add_user("lan", "clerk", "clerk-pass-1")
            server.start()
            try:
                self.run_scenario(server, scans)
            finally:
                server.stop()

    def run_scenario(self, server, scans):
        # 1. kill while pages are arriving: each page answered 201 is there afterwards, byte for byte
        op = server.client()
        op.login("an", "operator-pass")
        dossier = op.ok("POST", "/api/dossiers", {"number": "HS-KILL-1"})["id"]
        files = scans_of(os.path.join(scans, "d0001")) + scans_of(os.path.join(scans, "d0002"))
        confirmed = {}
        for i, path in enumerate(files):
            data = open(path, "rb").read()
            if i == 5:
                threading.Timer(0.005, server.kill).start()  # dies while this one is being received
            try:
                status, page = op.request("POST", f"/api/dossiers/{dossier}/pages?name=p.jpg", raw=data)
            except OSError:
                break
            if status != 201:
                break
            confirmed[page["id"]] = hashlib.sha256(data).hexdigest()
        server.kill()
        self.assertGreaterEqual(len(confirmed), 5)
        server.start()
        op = server.client()
        op.login("an", "operator-pass")
        pages = {p["id"]: p for p in op.ok("GET", f"/api/dossiers/{dossier}")["pages"]}
        for pid, digest in confirmed.items():
            self.assertIn(pid, pages, "a confirmed page is lost")
            got = open(os.path.join(server.data, "dossiers", str(dossier), "originals", pages[pid]["source"]), "rb").read()
            self.assertEqual(hashlib.sha256(got).hexdigest(), digest)
        for pid in list(pages):
            if pid not in confirmed:  # the page whose answer never came: the operator scans it again
                op.ok("DELETE", f"/api/pages/{pid}")
        for pid in list(confirmed)[4:]:  # keep dossier d0001's scans only
            op.ok("DELETE", f"/api/pages/{pid}")
        for path in scans_of(os.path.join(scans, "d0001")):
            op.request("POST", f"/api/dossiers/{dossier}/pages?name=p.jpg", raw=open(path, "rb").read())  # 409 if already there

        # 2. kill while the closed dossier is being read: it is read after the restart
        wait_for("every page prepared", lambda: all(p["status"] != "received" for p in op.ok("GET", f"/api/dossiers/{dossier}")["pages"]), 60)
        op.ok("POST", f"/api/dossiers/{dossier}/close", expect=(202,))
        time.sleep(1.5)
        server.kill()
        server.start()
        op = server.client()
        op.login("an", "operator-pass")
        self.assertTrue(op.ok("GET", f"/api/dossiers/{dossier}")["dossier"]["closed"])
        wait_for("the record after the restart",
                 lambda: op.ok("GET", f"/api/dossiers/{dossier}")["dossier"]["state"] == "extracted", 180, 0.5)

        # 3. kill during a stream of corrections, then after an approval
        clerk = server.client()
        clerk.login("lan", "clerk-pass-1")
        clerk.ok("POST", f"/api/dossiers/{dossier}/open")
        record = clerk.ok("GET", f"/api/dossiers/{dossier}")["record"]
        cert = next(i for i, d in enumerate(record["documents"]) if d["type"] == "land_certificate")
        answered = []
        threading.Timer(1.0, server.kill).start()
        for n in range(1, 100000):
            try:
                status, _ = clerk.request("PUT", f"/api/dossiers/{dossier}/fields",
                                          {"document": cert, "path": "parcel.map_sheet", "value": str(n), "reason": "kill test"})
            except OSError:
                break
            if status != 200:
                break
            answered.append(str(n))
        self.assertGreater(len(answered), 3)
        server.kill()
        server.start()
        clerk = server.client()
        clerk.login("lan", "clerk-pass-1")
        history = [c["new_value"] for c in clerk.ok("GET", f"/api/dossiers/{dossier}/history")["changes"]]
        self.assertEqual(history[: len(answered)], answered, "a confirmed correction is lost or out of order")
        self.assertLessEqual(len(history), len(answered) + 1)  # at most the one whose answer was cut off
        value = clerk.ok("GET", f"/api/dossiers/{dossier}")["record"]["documents"][cert]["fields"]["parcel"]["map_sheet"]["value"]
        self.assertEqual(value, history[-1])
        print(f"\n{len(confirmed)} pages, then {len(answered)} corrections confirmed before the kills; none lost", file=sys.stderr)
        clerk.ok("POST", f"/api/dossiers/{dossier}/approve")
        server.kill()
        server.start()
        clerk = server.client()
        clerk.login("lan", "clerk-pass-1")
        self.assertEqual(clerk.ok("GET", f"/api/dossiers/{dossier}")["dossier"]["state"], "approved")


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""The station's HTTP API on a real `sohoa serve` over loopback: roles, the operator's intake
with its quality verdicts, bad uploads and malformed requests, the clerk's correction with its
checks re-run, the four-eyes rule, the audit log, and no personal data in the server's log.
Usage: test_api.py SOHOA_BINARY"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from station import Server, leaves, scans_of, store_from_argv, upload_dossier, wait_for  # noqa: E402

SOHOA = sys.argv.pop(1) if len(sys.argv) > 1 else "build/station/sohoa"
# "postgresql": the same tests with the store on the PostgreSQL server scripts/start-postgres runs
STORE = store_from_argv("sohoa_station_test")
PASSWORDS = {"an": "operator-pass", "lan": "clerk-pass-1", "minh": "supervisor-1", "root": "admin-pass-1"}


class StationApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.scans = os.path.join(cls.tmp.name, "scans")
        subprocess.run([SOHOA, "synth", "--out", cls.scans, "--dossiers", "1", "--seed", "5", "--smudge", "parcel.map_sheet"],
                       check=True, capture_output=True)
        cls.folder = os.path.join(cls.scans, "d0001")
        cls.truth = json.load(open(os.path.join(cls.folder, "truth.json"), encoding="utf-8"))
        cls.server = Server(SOHOA, os.path.join(cls.tmp.name, "data"), STORE)
        for name, role in (("an", "operator"), ("lan", "clerk"), ("minh", "supervisor"), ("root", "admin")):
            cls.server.add_user(name, role, PASSWORDS[name])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def operator_on_own_station(self, name, extra, env=None):
        """A second station of its own (options `extra`) with the operator logged in: (server, client)."""
        server = Server(SOHOA, os.path.join(self.tmp.name, "data-" + name), extra=extra, env=env)
        server.add_user("an", "operator", PASSWORDS["an"])
        server.start()
        op = server.client()
        op.login("an", PASSWORDS["an"])
        return server, op

    def login(self, name):
        c = self.server.client()
        c.login(name, PASSWORDS[name])
        return c

    def test_1_roles_and_sessions(self):
        anonymous = self.server.client()
        self.assertEqual(anonymous.request("GET", "/api/me")[0], 401)
        status, body = anonymous.request("POST", "/api/login", {"username": "an", "password": "wrong-password"})
        self.assertEqual(status, 401)
        self.assertIn("error_vi", body)
        self.assertEqual(anonymous.request("POST", "/api/login", {"username": "nobody", "password": "x"})[1]["error"],
                         body["error"])  # an unknown name looks the same as a wrong password
        op, clerk = self.login("an"), self.login("lan")
        self.assertEqual(op.ok("GET", "/api/me")["role"], "operator")
        self.assertEqual(op.request("GET", "/api/queue")[0], 403)
        self.assertEqual(clerk.request("POST", "/api/dossiers", {"number": "X"})[0], 403)
        self.assertEqual(clerk.request("GET", "/api/audit")[0], 403)
        self.assertEqual(op.request("POST", "/api/users", {"username": "x", "role": "admin", "password": "12345678"})[0], 403)
        op.ok("POST", "/api/logout")
        self.assertEqual(op.request("GET", "/api/me")[0], 401)
        admin = self.login("root")
        self.assertEqual(admin.request("POST", "/api/users", {"username": "hoa", "name": "Lê Hoa", "role": "clerk", "password": "short"})[0], 400)
        self.assertEqual(admin.ok("POST", "/api/users", {"username": "hoa", "name": "Lê Hoa", "role": "clerk", "password": "long-enough"})["role"], "clerk")
        self.assertEqual(admin.request("POST", "/api/users", {"username": "hoa", "role": "clerk", "password": "long-enough"})[0], 409)
        for _ in range(5):
            self.assertEqual(anonymous.request("POST", "/api/login", {"username": "hoa", "password": "guess-guess"})[0], 401)
        status, body = anonymous.request("POST", "/api/login", {"username": "hoa", "password": "long-enough"})
        self.assertEqual(status, 429)  # even the right password, until the ten minutes are over
        self.assertIn("10 ph", body["error_vi"])
        actions = [e["action"] for e in admin.ok("GET", "/api/audit?limit=50")["entries"]]
        for a in ("login_failed", "login", "logout", "create_user"):
            self.assertIn(a, actions)

    def test_2_malformed_requests(self):
        op = self.login("an")
        self.assertEqual(op.request("POST", "/api/dossiers", raw=b"{not json")[0], 400)
        self.assertEqual(op.request("GET", "/api/nothing")[0], 404)
        self.assertEqual(op.request("PATCH", "/api/dossiers")[0], 405)
        self.assertEqual(op.request("GET", "/api/dossiers/abc")[0], 400)
        self.assertEqual(op.request("GET", "/api/dossiers/99999")[0], 404)
        self.assertEqual(op.request("GET", "/api/dossiers?state=lost")[0], 400)
        self.assertEqual(op.request("GET", "/../../etc/passwd")[0], 404)
        # a POST with neither a length nor chunking has no body: answered at once, not when the client gives up
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as raw:
            raw.sendall(b"POST /api/logout HTTP/1.1\r\nHost: station\r\n\r\n")
            self.assertTrue(raw.recv(100).startswith(b"HTTP/1.1 401"))
        d = op.ok("POST", "/api/dossiers", {})
        status, body = op.request("POST", f"/api/dossiers/{d['id']}/pages?name=a.jpg", raw=b"")
        self.assertEqual((status, body["error"]), (400, "the file is empty"))
        status, body = op.request("POST", f"/api/dossiers/{d['id']}/pages?name=notes.jpg", raw="hồ sơ".encode() * 100)
        self.assertEqual(status, 400)
        self.assertIn("not a JPEG", body["error"])
        self.assertEqual(op.request("POST", f"/api/dossiers/{d['id']}/close")[0], 409)  # no page yet
        # a truncated JPEG is taken (the bytes are a JPEG's) and fails preparation with a reason
        whole = open(scans_of(self.folder)[0], "rb").read()
        page = op.ok("POST", f"/api/dossiers/{d['id']}/pages?name=cut.jpg", raw=whole[: len(whole) // 3])
        failed = wait_for("the truncated page's verdict",
                          lambda: (lambda p: p if p["status"] != "received" else None)(op.ok("GET", f"/api/pages/{page['id']}")), 20)
        self.assertEqual(failed["status"], "failed")
        self.assertTrue(failed["error"])
        self.assertEqual(op.request("POST", f"/api/dossiers/{d['id']}/pages?name=again.jpg", raw=whole[: len(whole) // 3])[0], 409)
        op.ok("DELETE", f"/api/pages/{page['id']}")
        self.assertEqual(op.request("GET", f"/api/pages/{page['id']}")[0], 404)

    def test_3_intake_verify_approve(self):
        op = self.login("an")
        # the operator scans page after page and sees each verdict within about a second
        dossier = op.ok("POST", "/api/dossiers", {"number": "HS-2026-000777"})["id"]
        prepared, latencies = [], []
        for path in scans_of(self.folder):
            start = time.time()
            p = op.ok("POST", f"/api/dossiers/{dossier}/pages?name=x.jpg", raw=open(path, "rb").read())
            prepared.append(wait_for("a verdict", lambda: (lambda q: q if q["status"] == "prepared" else None)(
                op.ok("GET", f"/api/pages/{p['id']}")), 30, 0.02))
            latencies.append(time.time() - start)
        print("\nupload to verdict, s: " + " ".join(f"{t:.2f}" for t in latencies), file=sys.stderr)
        self.assertLess(sorted(latencies)[len(latencies) // 2], 2.0)  # a second on an idle station; CI runs tests side by side
        pages = prepared
        # every document the generator put on each scan is found on it
        scans = json.load(open(os.path.join(self.folder, "geometry.json")))["scans"]
        self.assertEqual(sorted(len(p["documents"]) for p in prepared), sorted(len(s["documents"]) for s in scans))
        for p in prepared:
            self.assertTrue(p["verdict"])
            self.assertIn("ok", p)
            self.assertGreater(len(p["documents"]), 0)
            for doc in p["documents"]:
                self.assertIn(doc["shape"], ("card", "gcn_2014_page", "a4"))
        self.assertEqual(op.request("GET", f"/api/pages/{pages[0]['id']}/thumb")[0], 200)
        op.ok("POST", f"/api/dossiers/{dossier}/close", expect=(202,))
        self.assertEqual(op.request("POST", f"/api/dossiers/{dossier}/pages?name=late.jpg",
                                    raw=open(scans_of(self.folder)[0], "rb").read())[0], 409)

        clerk = self.login("lan")
        wait_for("the dossier in the queue", lambda: any(d["id"] == dossier for d in clerk.ok("GET", "/api/queue")["dossiers"]), 180, 0.5)
        self.assertEqual(clerk.request("PUT", f"/api/dossiers/{dossier}/fields",
                                       {"document": 0, "path": "parcel.map_sheet", "value": "1"})[0], 409)  # not opened yet
        clerk.ok("POST", f"/api/dossiers/{dossier}/open")
        got = clerk.ok("GET", f"/api/dossiers/{dossier}")
        record = got["record"]
        cert = next(i for i, d in enumerate(record["documents"]) if d["type"] == "land_certificate")
        smudged = record["documents"][cert]["fields"]["parcel"]["map_sheet"]
        self.assertTrue(smudged["review"], "the smudged field must be flagged")
        truth_cert = next(d for d in self.truth["documents"] if d["type"] == "land_certificate")
        want = truth_cert["fields"]["parcel"]["map_sheet"]
        answer = clerk.ok("PUT", f"/api/dossiers/{dossier}/fields",
                          {"document": cert, "path": "parcel.map_sheet", "value": want, "reason": "mực che số tờ"})
        self.assertEqual(answer["field"]["value"], want)
        self.assertFalse(answer["field"]["review"])
        self.assertTrue(all("rule" in c for c in answer["checks"]))
        # a wrong date of birth on the card fails the number's structure check at once
        card = next(i for i, d in enumerate(record["documents"]) if d["type"] == "id_card" and d["fields"]["date_of_birth"]["value"])
        dob = record["documents"][card]["fields"]["date_of_birth"]["value"]
        wrong = str(int(dob[:4]) - 1) + dob[4:]
        checks = clerk.ok("PUT", f"/api/dossiers/{dossier}/fields", {"document": card, "path": "date_of_birth", "value": wrong})["checks"]
        self.assertFalse(next(c for c in checks if c["rule"] == "cccd.structure")["ok"])
        checks = clerk.ok("PUT", f"/api/dossiers/{dossier}/fields", {"document": card, "path": "date_of_birth", "value": dob})["checks"]
        self.assertTrue(next(c for c in checks if c["rule"] == "cccd.structure")["ok"])
        self.assertEqual(clerk.request("PUT", f"/api/dossiers/{dossier}/fields", {"document": cert, "path": "parcel.nothing", "value": 1})[0], 400)
        # a snippet of a card's field is an image, and reading it is audited
        status, image = clerk.request("GET", f"/api/dossiers/{dossier}/snippet?document={card}&path=full_name")
        self.assertEqual(status, 200)
        self.assertTrue(image.startswith(b"\xff\xd8"))
        history = clerk.ok("GET", f"/api/dossiers/{dossier}/history")["changes"]
        self.assertEqual([(c["path"], c["user"]) for c in history][0], ("parcel.map_sheet", "lan"))
        self.assertEqual(clerk.request("POST", f"/api/dossiers/{dossier}/reject", {"reason": "  "})[0], 400)
        structure = next(c for c in checks if c["rule"] == "cccd.structure")
        self.assertEqual(structure["fields"], ["id_number", "date_of_birth", "sex", "mrz"])
        clerk.ok("POST", f"/api/dossiers/{dossier}/approve")
        self.assertEqual(clerk.ok("GET", f"/api/dossiers/{dossier}")["dossier"]["state"], "approved")
        self.assertEqual(clerk.request("POST", f"/api/dossiers/{dossier}/open")[0], 409)  # an approved dossier stays approved
        self.assertEqual(clerk.request("PUT", f"/api/dossiers/{dossier}/fields", {"document": cert, "path": "parcel.map_sheet", "value": "9"})[0], 409)

        # the supervisor sends the approved dossier up: a signed package carrying the clerk's correction
        supervisor = self.login("minh")
        self.assertEqual(clerk.request("POST", "/api/batches", {"batch": "B1"})[0], 403)
        self.assertEqual(supervisor.request("POST", "/api/batches", {"batch": "../x"})[0], 400)
        sent = supervisor.ok("POST", "/api/batches", {"batch": "B1"})
        self.assertIn(dossier, sent["dossiers"])
        self.assertEqual(supervisor.ok("GET", f"/api/dossiers/{dossier}")["dossier"]["state"], "exported")
        data = self.server.data
        key = subprocess.run([SOHOA, "export", "--public-key", "--key", os.path.join(data, "station-key.pem")], check=True,
                             capture_output=True, text=True).stdout
        open(os.path.join(self.tmp.name, "station.pem"), "w").write(key)
        package = os.path.join(data, "batches", "B1.zip")
        subprocess.run([SOHOA, "export", "--verify", package, "--trusted-keys", os.path.join(self.tmp.name, "station.pem")], check=True,
                       capture_output=True)
        with zipfile.ZipFile(package) as z:
            manifest = json.loads(z.read("manifest.json"))
            records = [json.loads(z.read(n)) for n in z.namelist() if n.endswith("dossier.json")]
        self.assertEqual(records[0]["documents"][cert]["fields"]["parcel"]["map_sheet"]["value"], want)
        self.assertEqual([(d["operator"], d["clerk"]) for d in manifest["dossiers"]], [("an", "lan")])

        entries = self.login("minh").ok("GET", f"/api/audit?dossier={dossier}&limit=500")["entries"]
        users = {e["user"] for e in entries}
        self.assertTrue({"an", "lan", "station"} <= users)
        actions = [(e["user"], e["action"]) for e in entries]
        for pair in (("an", "create_dossier"), ("an", "add_page"), ("an", "close_dossier"), ("lan", "correct_field"),
                     ("lan", "view_card_image"), ("lan", "set_state")):
            self.assertIn(pair, actions)
        # personal data stays out of the audit details and the server's log
        personal = [v for doc in self.truth["documents"] for p, v in leaves(doc["fields"])
                    if isinstance(v, str) and len(v) >= 6 and (p.endswith("name") or p.endswith("id_number") or p.endswith("address"))]
        self.assertTrue(personal)
        text = json.dumps(entries, ensure_ascii=False) + self.server.log()
        for v in personal:
            self.assertNotIn(v, text)

    def test_4_four_eyes(self):
        admin, supervisor = self.login("root"), self.login("minh")
        self.assertEqual(self.login("lan").request("PUT", "/api/settings", {"four_eyes": True})[0], 403)
        supervisor.ok("PUT", "/api/settings", {"four_eyes": True})
        dossier, _ = upload_dossier(admin, self.folder, "HS-4-EYES")
        admin.ok("POST", f"/api/dossiers/{dossier}/close", expect=(202,))
        wait_for("the record", lambda: admin.ok("GET", f"/api/dossiers/{dossier}")["dossier"]["state"] == "extracted", 180, 0.5)
        admin.ok("POST", f"/api/dossiers/{dossier}/open")
        status, body = admin.request("POST", f"/api/dossiers/{dossier}/approve")
        self.assertEqual(status, 403)
        self.assertIn("four-eyes", body["error"])
        supervisor.ok("POST", f"/api/dossiers/{dossier}/approve")
        supervisor.ok("PUT", "/api/settings", {"four_eyes": False})

    def test_5_watched_folder(self):
        folder = os.path.join(self.tmp.name, "scanner-output")
        server, op = self.operator_on_own_station("watch", ["--watch", folder])
        try:
            self.assertTrue(op.ok("GET", "/api/settings")["watch_folder"])
            d = op.ok("POST", "/api/dossiers", {"number": "HS-WATCH"})["id"]
            scans = scans_of(self.folder)
            first = open(scans[0], "rb").read()
            # saved before any dossier is chosen: it waits in the folder
            with open(os.path.join(folder, "early.jpg"), "wb") as f:
                f.write(open(scans[1], "rb").read())
            time.sleep(1.5)
            self.assertEqual(op.ok("GET", f"/api/dossiers/{d}")["pages"], [])
            op.ok("POST", f"/api/dossiers/{d}/watch")
            # a slow scanner writes in pieces; then the same scan is saved again under another name
            with open(os.path.join(folder, "scan-001.jpg"), "wb") as f:
                for i in range(0, len(first), len(first) // 4 + 1):
                    f.write(first[i: i + len(first) // 4 + 1])
                    f.flush()
                    time.sleep(0.4)
            with open(os.path.join(folder, "scan-001-copy.jpg"), "wb") as f:
                f.write(first)
            with open(os.path.join(folder, "notes.txt"), "w") as f:
                f.write("không phải ảnh quét")
            wait_for("both scans taken", lambda: not os.listdir(folder), 30, 0.2)
            pages = op.ok("GET", f"/api/dossiers/{d}")["pages"]
            # the scan and its copy are one page, under whichever name was taken first
            names = sorted(p["name"] for p in pages)
            self.assertEqual(len(names), 2, names)
            self.assertEqual(names[0], "early.jpg")
            self.assertIn(names[1], ("scan-001.jpg", "scan-001-copy.jpg"))
            self.assertTrue(all(p["added_by"] == "an" for p in pages))
        finally:
            server.stop()

    def test_6_scan_button(self):
        # SANE's own `test` backend, enabled through a configuration folder of the test's
        sane = os.path.join(self.tmp.name, "sane")
        os.makedirs(sane)
        open(os.path.join(sane, "dll.conf"), "w").write("test\n")
        open(os.path.join(sane, "test.conf"), "w").write("number_of_devices 1\n")
        profiles = {}
        # "silent": the device waits 200 ms before any data, the profile gives it 0.1 s
        silent = [{"name": "read-delay", "value": True}, {"name": "read-delay-duration", "value": 200000}]
        for name, options, limit in (("feeder", [], 60), ("jam", [{"name": "read-return-value", "value": "SANE_STATUS_JAMMED"}], 60),
                                     ("silent", silent, 0.1)):
            profiles[name] = os.path.join(self.tmp.name, f"{name}.json")
            json.dump({"name": name, "dpi": 150, "scan": {"source": "adf", "mode": "gray", "dpi": 150, "page_size": "A5",
                                                          "response_limit_s": limit, "options": options}}, open(profiles[name], "w"))
        for name, want_end, want_pages, want_code, want_words in (("feeder", "feeder_empty", 10, None, None),
                                                                  ("jam", "stopped", 0, "jammed", "Kẹt giấy"),
                                                                  ("silent", "stopped", 0, "not_responding", "không phản hồi")):
            server, op = self.operator_on_own_station(name, ["--scanner", profiles[name], "--device", "test:0"], {"SANE_CONFIG_DIR": sane})
            try:
                self.assertTrue(op.ok("GET", "/api/scanner")["configured"])
                # twice on the same station: the scan after a jam or a silent scanner ends too
                for attempt in range(2):
                    d = op.ok("POST", "/api/dossiers", {})["id"]
                    op.ok("POST", f"/api/dossiers/{d}/scan", expect=(202,))
                    last = {}

                    def ended():
                        last.update(op.ok("GET", "/api/scanner"))
                        return None if last["running"] else dict(last)
                    try:
                        status = wait_for("the scan's end", ended, 120)
                    except AssertionError:
                        self.fail(f"the {name} scan did not end in 120 s; last status {last}; server log:\n{server.log()[-3000:]}")
                    self.assertEqual((status["end"], status["pages"]), (want_end, want_pages), status)
                    self.assertEqual(len(op.ok("GET", f"/api/dossiers/{d}")["pages"]), want_pages)
                    if not want_code:
                        self.assertIsNone(status["message"])
                    elif attempt == 1 and status["message"]["code"] == "still_busy":
                        # the silent device's late read had not returned yet: said so, not hung
                        self.assertIn("vẫn chưa trả lời", status["message"]["vi"])
                    else:
                        self.assertEqual(status["message"]["code"], want_code)
                        self.assertIn(want_words, status["message"]["vi"])
            finally:
                server.stop()

    def test_7_accounts_changed_by_their_owner_and_the_admin(self):
        admin = self.login("root")
        admin.ok("POST", "/api/users", {"username": "thu", "name": "Đỗ Thu", "role": "clerk", "password": "thu-first-1"})
        here, elsewhere = self.server.client(), self.server.client()
        here.login("thu", "thu-first-1")
        elsewhere.login("thu", "thu-first-1")
        # her own password: the current one is asked for, a weak new one refused
        status, body = here.request("PUT", "/api/me/password", {"current_password": "not-mine-1", "new_password": "thu-second-2"})
        self.assertEqual(status, 403)
        self.assertIn("không đúng", body["error_vi"])
        self.assertEqual(here.request("PUT", "/api/me/password", {"current_password": "thu-first-1", "new_password": "short"})[0], 400)
        here.ok("PUT", "/api/me/password", {"current_password": "thu-first-1", "new_password": "thu-second-2"})
        self.assertEqual(here.ok("GET", "/api/me")["username"], "thu")  # the session that asked goes on
        self.assertEqual(elsewhere.request("GET", "/api/me")[0], 401)  # her other session has ended
        anonymous = self.server.client()
        self.assertEqual(anonymous.request("POST", "/api/login", {"username": "thu", "password": "thu-first-1"})[0], 401)
        anonymous.login("thu", "thu-second-2")
        # only an admin changes accounts
        self.assertEqual(here.request("PUT", "/api/users/thu", {"role": "admin"})[0], 403)
        self.assertEqual(admin.ok("PUT", "/api/users/thu", {"role": "supervisor"})["role"], "supervisor")
        self.assertEqual(here.ok("GET", "/api/me")["role"], "supervisor")
        here.ok("GET", "/api/audit?limit=5")  # a supervisor's right, at once
        # disabled: her sessions end and she cannot log in; enabled again, she can
        self.assertFalse(admin.ok("PUT", "/api/users/thu", {"active": False})["active"])
        self.assertEqual(here.request("GET", "/api/me")[0], 401)
        self.assertEqual(anonymous.request("POST", "/api/login", {"username": "thu", "password": "thu-second-2"})[0], 401)
        self.assertTrue(admin.ok("PUT", "/api/users/thu", {"active": True})["active"])
        here.login("thu", "thu-second-2")
        # a password the admin sets ends her sessions too
        admin.ok("PUT", "/api/users/thu", {"password": "thu-third-33"})
        self.assertEqual(here.request("GET", "/api/me")[0], 401)
        here.login("thu", "thu-third-33")
        # and one set at the station's own machine (a forgotten admin password)
        subprocess.run([SOHOA, "users", "passwd", "thu", "--data", self.server.data] + (["--store", STORE] if STORE else []),
                       input="thu-fourth-44\n", text=True, check=True, capture_output=True)
        self.assertEqual(here.request("GET", "/api/me")[0], 401)
        here.login("thu", "thu-fourth-44")
        # mistakes are named, and the station always keeps an active admin
        self.assertEqual(admin.request("PUT", "/api/users/nobody", {"active": False})[0], 404)
        self.assertEqual(admin.request("PUT", "/api/users/thu", {"role": "boss"})[0], 400)
        self.assertEqual(admin.request("PUT", "/api/users/thu", {"active": "no"})[0], 400)
        for change in ({"active": False}, {"role": "clerk"}):
            status, body = admin.request("PUT", "/api/users/root", change)
            self.assertEqual(status, 409, body)
            self.assertIn("quản trị", body["error_vi"])
        self.assertEqual(admin.ok("GET", "/api/me")["role"], "admin")
        # an admin setting their own password keeps the session they set it from
        admin.ok("PUT", "/api/users/root", {"password": "root-new-pass"})
        self.assertEqual(admin.ok("GET", "/api/me")["username"], "root")
        admin.ok("PUT", "/api/users/root", {"password": PASSWORDS["root"]})
        # the audit log names each change and who made it, never a password
        entries = [e for e in admin.ok("GET", "/api/audit?limit=200")["entries"] if e["object"] == "user thu"]
        details = [(e["user"], e["detail"]) for e in entries if e["action"] == "update_user"]
        for who, detail in (("thu", "password"), ("root", "role clerk -> supervisor"), ("root", "disabled"), ("root", "enabled"),
                            ("root", "password"), ("cli", "password")):
            self.assertIn((who, detail), details)
        text = json.dumps(entries) + self.server.log()
        for secret in ("thu-first-1", "thu-second-2", "thu-third-33", "thu-fourth-44", "root-new-pass"):
            self.assertNotIn(secret, text)


if __name__ == "__main__":
    unittest.main(verbosity=2)

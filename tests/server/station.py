"""A real `sohoa serve` for tests and benchmarks: started on a free loopback port with its own
data folder, and an HTTP client with its own session cookie."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def store_from_argv(dbname):
    """The store the test's arguments ask for: None (SQLite under the data folder), or, after the
    binary, "postgresql": an emptied database `dbname` on the server scripts/start-postgres runs
    (SOHOA_TEST_PG). Without that server the test is skipped, except under CI, where it fails."""
    if len(sys.argv) < 2 or sys.argv[1] != "postgresql":
        return None
    sys.argv.pop(1)
    base = os.environ.get("SOHOA_TEST_PG")
    if not base:
        if os.environ.get("CI"):
            sys.exit("CI must test the station on PostgreSQL: SOHOA_TEST_PG is not set")
        print("SOHOA_TEST_PG not set: skipped", file=sys.stderr)
        sys.exit(0)
    base = base.replace("dbname=sohoa_test", "dbname=" + dbname)
    subprocess.run(["psql", "-q", base, "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public"], check=True, capture_output=True)
    return "postgresql:" + base

class Server:
    def __init__(self, sohoa, data, store=None, port=None, extra=(), env=None):
        self.sohoa, self.data, self.store, self.extra = sohoa, data, store, list(extra)
        self.env = dict(os.environ, **(env or {}))
        self.port = port or free_port()
        self.proc = None
        self.log_path = os.path.join(data, "serve.log")

    def add_user(self, name, role, password):
        args = [self.sohoa, "users", "add", name, "--role", role, "--data", self.data]
        if self.store:
            args += ["--store", self.store]
        subprocess.run(args, input=password + "\n", text=True, check=True, capture_output=True)

    def start(self):
        os.makedirs(self.data, exist_ok=True)
        args = [self.sohoa, "serve", "--data", self.data, "--port", str(self.port)]
        if self.store:
            args += ["--store", self.store]
        args += self.extra
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, env=self.env)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("sohoa serve exited: " + open(self.log_path).read())
                time.sleep(0.05)
        raise RuntimeError("sohoa serve did not start listening")

    def kill(self):
        """kill -9: no chance to flush or clean up."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return open(self.log_path, encoding="utf-8").read()

    def client(self):
        return Client(self.port)


class Client:
    """One user's browser: a keep-alive connection and the session cookie."""

    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.conn = None

    def request(self, method, path, body=None, raw=None):
        headers = {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt:
                    raise
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie" and v.startswith("sohoa_session="):
                self.cookie = v.split(";")[0]
        ctype = resp.getheader("Content-Type", "")
        value = json.loads(payload) if ctype.startswith("application/json") and payload else payload
        return resp.status, value

    def login(self, name, password):
        status, body = self.request("POST", "/api/login", {"username": name, "password": password})
        assert status == 200, (status, body)
        return body

    def ok(self, method, path, body=None, raw=None, expect=(200, 201, 202, 204)):
        status, value = self.request(method, path, body, raw)
        assert status in expect, f"{method} {path}: {status} {value}"
        return value


def wait_for(what, check, timeout=120, every=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting for " + what)


def scans_of(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith((".jpg", ".png")))


def upload_dossier(client, folder, number=""):
    """Creates a dossier and adds every scan of a generated dossier; returns (id, pages)."""
    d = client.ok("POST", "/api/dossiers", {"number": number})
    pages = []
    for path in scans_of(folder):
        with open(path, "rb") as f:
            pages.append(client.ok("POST", f"/api/dossiers/{d['id']}/pages?name={os.path.basename(path)}", raw=f.read()))
    return d["id"], pages


def leaves(fields, prefix=""):
    """(path, value) of every leaf of a truth.json or dossier.json `fields` object."""
    if isinstance(fields, dict) and ("value" in fields and "review" in fields):
        yield prefix, fields
        return
    if isinstance(fields, dict):
        for k, v in fields.items():
            yield from leaves(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(fields, list):
        for i, v in enumerate(fields):
            yield from leaves(v, f"{prefix}[{i}]")
    else:
        yield prefix, fields

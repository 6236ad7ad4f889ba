"""What the export tests share: running sohoa, collecting failed checks, and the generated,
ingested dossiers they export (the shared fixture's, or made on the spot)."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

SOHOA = sys.argv[1]
failures = []
TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "tables")


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args, ok=True, **kw):
    r = subprocess.run(list(args), capture_output=True, text=True, **kw)
    if ok and r.returncode != 0:
        sys.exit(f"{' '.join(map(str, args[:3]))} failed ({r.returncode}): {r.stdout} {r.stderr}")
    return r


def intake_certificates(tmp):
    """A CA made with the openssl CLI and the intake's certificate from it for localhost and
    127.0.0.1: (CA certificate, server key, server certificate), files in tmp."""
    ca_key, ca, srv_key, srv_csr, srv = (os.path.join(tmp, n) for n in ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem"))
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=sohoa test CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", srv_key, "-out", srv_csr, "-subj", "/CN=localhost")
    ext = os.path.join(tmp, "ext.cnf")
    with open(ext, "w") as fh:
        fh.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", srv_csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", srv, "-days", "2", "-extfile", ext)
    return ca, srv_key, srv


def renamed_records(out, dossiers, folder, prefix):
    """Copies of the ingested dossiers' folders under folder, each record's dossier_id made
    prefix-ID, so that an export of them has GUIDs (and rows at the intake) of its own."""
    copies = []
    for d in dossiers:
        target = os.path.join(folder, d)
        shutil.copytree(os.path.join(out, d), target)
        with open(os.path.join(target, "dossier.json"), encoding="utf-8") as fh:
            record = json.load(fh)
        record["dossier_id"] = f"{prefix}-{d}"
        with open(os.path.join(target, "dossier.json"), "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False)
        copies.append(target)
    return copies


def dossiers_ingested(tmp):
    """Generated dossiers and their ingest output: the shared fixture's (FIXTURE_DIR, made by
    export_fixture.sh, read only) or made here."""
    fixture = sys.argv[-1] if len(sys.argv) > 2 and os.path.isdir(os.path.join(sys.argv[-1], "out")) else None
    if fixture:
        return os.path.join(fixture, "scans"), os.path.join(fixture, "out")
    scans, out = os.path.join(tmp, "scans"), os.path.join(tmp, "out")
    run(SOHOA, "synth", "--out", scans, "--dossiers", "2", "--seed", "7")
    run(SOHOA, "ingest", "--batch", scans, "--out", out, "--no-images")
    return scans, out


def rewrite_zip(src, dst, change):
    """A copy of the ZIP src at dst with each item's bytes passed through change(name, data);
    an item for which it returns None is left out (a tampered package, for the verifier)."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
        for item in a.namelist():
            data = change(item, a.read(item))
            if data is not None:
                b.writestr(item, data)
    return dst


def commune_code(address):
    """The code places.json gives the commune that an address as the generator writes it names
    ("Thôn 5, xã Tân Hội, huyện Đan Phượng, thành phố Hà Nội"), looked up here on the tables:
    None where the table has no code; "unknown" where the address names no place of the table."""
    provinces = {p["code"]: p for p in json.load(open(os.path.join(TABLES, "provinces.json"), encoding="utf-8"))["provinces"]}
    *_, commune, district, province = [part.strip() for part in address.split(",")]
    for place in json.load(open(os.path.join(TABLES, "places.json"), encoding="utf-8"))["places"]:
        p = provinces[place["province"]]
        if province != f"{p['type']} {p['name']}":
            continue
        for d in place["districts"]:
            if district != f"{d['type']} {d['name']}":
                continue
            for c in d["communes"]:
                if commune == f"{c['type']} {c['name']}":
                    return c.get("code")
    return "unknown"

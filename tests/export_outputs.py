#!/usr/bin/env python3
"""sohoa export on generated dossiers: the searchable PDF gives back every field value of the
record and the Vietnamese of the scans with all tone marks, places a card's number where it is on
the scan, passes qpdf --check; the exchange XML validates against the XSD and carries the
truth's values (the parcel's commune code as places.json has it) with stable GUIDs; the
package's verifier names each kind of tampering.
Usage: export_outputs.py SOHOA SOURCE_DIR [FIXTURE_DIR]"""
import json, os, re, shutil, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_common import SOHOA, check, commune_code, dossiers_ingested, failures, rewrite_zip, run  # noqa: E402

SRC = sys.argv[2]


def leaves(node, path=""):
    """(path, value) of every Field of a record's fields."""
    if isinstance(node, dict) and "value" in node and "review" in node:
        yield path, node["value"]
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, f"{path}[{i}]")


def text_of(value):
    return value if isinstance(value, str) else json.dumps(value)


tmp = tempfile.mkdtemp(prefix="sohoa-export-")
try:
    scans, out = dossiers_ingested(tmp)
    dossiers = sorted(os.listdir(scans))
    key = os.path.join(tmp, "station.pem")
    pkg = os.path.join(tmp, "b1.zip")
    run(SOHOA, "export", *[os.path.join(out, d) for d in dossiers], "--out", pkg, "--batch-id", "B1",
        "--station", "S1", "--key", key, "--scans", scans, "--operator", "op", "--clerk", "clerk")
    check(oct(os.stat(key).st_mode & 0o777) == "0o600", "the station key is created with mode 0600")
    x = os.path.join(tmp, "x")
    with zipfile.ZipFile(pkg) as z:
        z.extractall(x)
        names = sorted(z.namelist())
    expected = sorted(["manifest.json", "manifest.sig"] + [f"{d}/{n}" for d in dossiers for n in (f"{d}.pdf", f"{d}.xml", "dossier.json")])
    check(names == expected, f"package holds {names}")

    coded = 0  # dossiers whose parcel's commune has a code
    for d in dossiers:
        record = json.load(open(os.path.join(out, d, "dossier.json")))
        truth = json.load(open(os.path.join(scans, d, "truth.json")))
        geometry = json.load(open(os.path.join(scans, d, "geometry.json")))
        ocr = json.load(open(os.path.join(out, d, "ocr.json")))
        pdf = os.path.join(x, d, f"{d}.pdf")

        # ocr.json: every scan, its size as the geometry says, words on it
        check([f["source"] for f in ocr["files"]] == [s["source"] for s in geometry["scans"]], f"{d}: ocr.json lists every scan")
        for f, s in zip(ocr["files"], geometry["scans"]):
            p = f["pages"][0]
            check((p["width"], p["height"]) == (s["width"], s["height"]), f"{d}/{f['source']}: ocr.json page size")
            check(len(p["words"]) > 20, f"{d}/{f['source']}: ocr.json has words")

        r = run("qpdf", "--check", pdf, ok=False)
        check(r.returncode == 0, f"{d}: qpdf --check passes ({r.stdout[-200:]})")
        info = run("pdfinfo", pdf).stdout
        check(re.search(rf"^Title:\s+{d}$", info, re.M) is not None, f"{d}: PDF title is the dossier id")
        check(re.search(r"^Producer:\s+sohoa$", info, re.M) is not None, f"{d}: PDF producer is sohoa")
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        check(pages >= len(geometry["scans"]) + 1, f"{d}: one page per scan and a summary")
        # the scan pages are sized to the physical page: width in points = pixels / dpi * 72
        sizes = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", "-f", "1", "-l", str(pages), pdf).stdout)
        for (n, w, h), s in zip(sizes, geometry["scans"]):
            check(abs(float(w) - s["width"] / s["dpi"] * 72) < 3, f"{d} page {n}: width {w} pt for {s['width']} px at {s['dpi']} dpi")

        # an outline entry per document, at the page of its first scan, and one for the summary
        outline = json.loads(run("qpdf", "--json", "--json-key=outlines", pdf).stdout)["outlines"]
        entries = outline[0]["kids"] if len(outline) == 1 else []
        check(len(entries) == len(record["documents"]) + 1, f"{d}: outline entries {[e['title'] for e in entries]}")
        order = [s["source"] for s in geometry["scans"]]
        for e, doc in zip(entries, record["documents"]):
            check(e["destpageposfrom1"] == order.index(doc["sources"][0]["source"]) + 1, f"{d}: outline entry {e['title']} points at its scan")
        check(entries and entries[-1]["destpageposfrom1"] == len(order) + 1, f"{d}: the summary's outline entry")

        text = run("pdftotext", pdf, "-").stdout  # as extracted: already NFC
        # every field value of the record appears exactly (MRZ: each of its lines)
        missing = []
        for doc in record["documents"]:
            for path, value in leaves(doc["fields"]):
                if value is None:
                    continue
                for part in text_of(value).split("\n"):
                    if part not in text:
                        missing.append(f"{path}={part}")
        check(not missing, f"{d}: field values missing from the PDF text: {missing}")
        # the truth's Vietnamese comes back with every tone mark: owners' names and the parcel address
        cert = next(doc for doc in truth["documents"] if doc["type"] == "land_certificate")
        for owner in cert["fields"]["owners"]:
            check(owner["name"] in text, f"{d}: owner name {owner['name']} in the PDF text")
        check(cert["fields"]["parcel"]["address"] in text, f"{d}: parcel address in the PDF text")
        # the invisible layer of the scan pages alone holds Vietnamese words with tone marks
        layer = run("pdftotext", "-l", str(len(geometry["scans"])), pdf, "-").stdout
        for word in ("CỘNG", "HÒA", "NGHĨA", "Thửa"):
            check(word in layer, f"{d}: the scan pages' text layer has {word}")

        # a card's number is found where it is on the scan
        bbox = run("pdftotext", "-bbox", pdf, "-").stdout
        page_blocks = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
        placed = 0
        for i, s in enumerate(geometry["scans"]):
            for g in s["documents"]:
                field = g.get("fields", {}).get("id_number")
                if not g["kind"].endswith("_front") or not field:
                    continue
                width_pt = float(page_blocks[i][0])
                scale = width_pt / s["width"]
                x0, y0, w, h = field["bbox"]
                cx, cy = (x0 + w / 2) * scale, (y0 + h / 2) * scale
                words = [(float(a), float(b), float(c), float(e)) for a, b, c, e, t in
                         re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page_blocks[i][2])
                         if t == field["printed"]]
                check(words, f"{d}/{s['source']}: card number {field['printed']} in the page's text layer")
                if words:
                    dist = min(abs((a + c) / 2 - cx) + abs((b + e) / 2 - cy) for a, b, c, e in words)
                    check(dist < 4, f"{d}/{s['source']}: card number placed {dist:.1f} pt from where it is on the scan")
                    placed += 1
        check(placed > 0, f"{d}: at least one card number checked for placement")

        # the exchange XML validates and carries the truth's values
        xml = os.path.join(x, d, f"{d}.xml")
        r = run("xmllint", "--noout", "--schema", os.path.join(SRC, "export/schema/hoso.xsd"), xml, ok=False)
        check(r.returncode == 0, f"{d}: XML validates against hoso.xsd: {r.stderr}")
        ns = {"h": "urn:sohoa:hoso:1"}
        root = ET.parse(xml).getroot()
        f = cert["fields"]
        parcel = root.find("h:DC_ThuaDat", ns)
        check(parcel.findtext("h:soThuTuThua", None, ns) == f["parcel"]["number"], f"{d}: soThuTuThua")
        check(parcel.findtext("h:soHieuToBanDo", None, ns) == f["parcel"]["map_sheet"], f"{d}: soHieuToBanDo")
        check(float(parcel.findtext("h:dienTich", "nan", ns)) == f["parcel"]["area_m2"], f"{d}: dienTich")
        check(parcel.findtext("h:diaChi", None, ns) == f["parcel"]["address"], f"{d}: diaChi")
        # the commune code of the truth's parcel address, as places.json has it
        expected = commune_code(f["parcel"]["address"])
        check(expected != "unknown", f"{d}: the truth's parcel address {f['parcel']['address']} is a place of places.json")
        coded += expected is not None
        check(parcel.findtext("h:maXa", None, ns) == expected, f"{d}: maXa {parcel.findtext('h:maXa', None, ns)}, {expected} expected")
        codes = [m.findtext("h:maMucDichSuDung", None, ns) for m in parcel.findall("h:DC_MucDichSuDung", ns)]
        check(codes == [p["code"] for p in f["parcel"]["purposes"]], f"{d}: purposes {codes}")
        gcn = root.find("h:DC_GiayChungNhan", ns)
        check(gcn.findtext("h:soPhatHanh", None, ns) == f["serial"], f"{d}: soPhatHanh")
        y, m, dd = f["issue_date"].split("-")
        check(gcn.findtext("h:ngayCap", None, ns) == f"{dd}/{m}/{y}", f"{d}: ngayCap as dd/MM/yyyy")
        check(gcn.findtext("h:banQuet", None, ns) == f"{d}/{d}.pdf", f"{d}: banQuet is the PDF's path in the package")
        names = [p.findtext("h:hoTen", None, ns) for p in root.findall("h:DC_CaNhan", ns)]
        for owner in f["owners"]:
            check(owner["name"] in names, f"{d}: DC_CaNhan for {owner['name']}")
        for card in (doc for doc in truth["documents"] if doc["type"] == "id_card"):
            person = [p for p in root.findall("h:DC_CaNhan", ns) if p.findtext("h:maSoDinhDanh", None, ns) == card["fields"]["id_number"]]
            check(len(person) == 1, f"{d}: one person with the card's number")
            if person:
                y, m, dd = card["fields"]["date_of_birth"].split("-")
                check(person[0].findtext("h:ngaySinh", None, ns) == f"{dd}/{m}/{y}", f"{d}: ngaySinh of the card's person")

    check(coded > 0, "at least one exported parcel has a commune code to compare")

    # GUIDs are the same in a re-export
    pkg2 = os.path.join(tmp, "b1-again.zip")
    run(SOHOA, "export", *[os.path.join(out, d) for d in dossiers], "--out", pkg2, "--batch-id", "B1", "--key", key, "--scans", scans)
    with zipfile.ZipFile(pkg) as a, zipfile.ZipFile(pkg2) as b:
        for d in dossiers:
            ga = re.findall(r'guid="([^"]+)"', a.read(f"{d}/{d}.xml").decode())
            gb = re.findall(r'guid="([^"]+)"', b.read(f"{d}/{d}.xml").decode())
            check(ga == gb and len(ga) >= 4, f"{d}: GUIDs stable across re-exports")
            check(a.read(f"{d}/{d}.pdf") == b.read(f"{d}/{d}.pdf"), f"{d}: the PDF is the same bytes on a re-export")

    # the receiver's verifier
    pub = os.path.join(tmp, "pub.pem")
    with open(pub, "w") as fh:
        fh.write(run(SOHOA, "export", "--public-key", "--key", key).stdout)
    r = run(SOHOA, "export", "--verify", pkg, "--trusted-keys", pub, ok=False)
    check(r.returncode == 0, f"the package verifies: {r.stderr}")

    def rewrite(name, change):
        return rewrite_zip(pkg, os.path.join(tmp, name), change)

    first = dossiers[0]

    def flip(item, data):
        if item == f"{first}/{first}.pdf":
            data = bytearray(data)
            data[len(data) // 2] ^= 0x01
            return bytes(data)
        return data

    cases = [
        (rewrite("tampered.zip", flip), f"checksum mismatch: {first}/{first}.pdf"),
        (rewrite("removed.zip", lambda i, d: None if i == f"{first}/{first}.xml" else d), f"missing file: {first}/{first}.xml"),
        (rewrite("extra.zip", lambda i, d: d), None),
        (rewrite("resigned.zip", lambda i, d: d.replace(b'"clerk": "clerk"', b'"clerk": "someone"') if i == "manifest.json" else d),
         "bad signature"),
    ]
    with zipfile.ZipFile(cases[2][0], "a") as z:
        z.writestr(f"{first}/extra.txt", "not listed")
    cases[2] = (cases[2][0], f"unexpected file: {first}/extra.txt")
    for path, reason in cases:
        r = run(SOHOA, "export", "--verify", path, "--trusted-keys", pub, ok=False)
        check(r.returncode == 1 and reason in r.stderr, f"{os.path.basename(path)} refused naming '{reason}': {r.stderr.strip()}")
    other = os.path.join(tmp, "other.pem")
    with open(other, "w") as fh:
        fh.write(run(SOHOA, "export", "--public-key", "--key", os.path.join(tmp, "other-station.pem")).stdout)
    r = run(SOHOA, "export", "--verify", pkg, "--trusted-keys", other, ok=False)
    check(r.returncode == 1 and "not a trusted station key" in r.stderr, f"an untrusted key is named: {r.stderr.strip()}")

    # bad input: a clear reason naming what is wrong, nothing written
    bad = os.path.join(tmp, "bad.zip")
    r = run(SOHOA, "export", scans, "--out", bad, "--batch-id", "X", "--key", key, ok=False)
    check(r.returncode == 1 and "no dossier.json" in r.stderr and not os.path.exists(bad), f"a folder without a record is named: {r.stderr.strip()}")
    moved = os.path.join(tmp, "moved")
    shutil.copytree(os.path.join(out, first), moved)
    words = json.load(open(os.path.join(moved, "ocr.json")))
    for f in words["files"]:
        f["path"] = os.path.join(tmp, "gone", f["source"])
    json.dump(words, open(os.path.join(moved, "ocr.json"), "w"))
    r = run(SOHOA, "export", moved, "--out", bad, "--batch-id", "X", "--key", key, ok=False)
    check(r.returncode == 1 and "scan p01" in r.stderr and not os.path.exists(bad), f"a missing scan is named: {r.stderr.strip()}")
    r = run(SOHOA, "export", os.path.join(out, first), "--out", bad, "--key", key, ok=False)
    check(r.returncode == 2 and "batch-id" in r.stderr, f"a missing batch id is a usage error: {r.stderr.strip()}")
    r = run(SOHOA, "export", "--verify", os.path.join(out, first, "dossier.json"), "--trusted-keys", pub, ok=False)
    check(r.returncode == 1 and "not a readable ZIP" in r.stderr, f"a file that is not a ZIP is named: {r.stderr.strip()}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)

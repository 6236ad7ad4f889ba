#!/usr/bin/env bash
# dossier.json written by `sohoa ingest` for normal and hard generated dossiers validates against
# the contract's JSON Schema, the run reports pages and seconds for the scorer, and --store files
# every dossier in the station's store.
set -euo pipefail
sohoa=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$sohoa" synth --out "$tmp/scans" --dossiers 2 --seed 41 >/dev/null
"$sohoa" synth --out "$tmp/hard" --dossiers 1 --seed 42 --hard >/dev/null
mv "$tmp/hard/d0001" "$tmp/scans/h0001"
"$sohoa" ingest --batch "$tmp/scans" --out "$tmp/records" --store "$tmp/sohoa.db" >/dev/null
/usr/bin/python3 "$root/tests/validate_dossier.py" "$root/docs/dossier.schema.json" dossier "$tmp"/records/*/dossier.json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['pages'] > 0 and r['seconds'] > 0, r" "$tmp/records/run.json"
# the store has each dossier, its scans and its record, in the state "extracted"
python3 - "$tmp/sohoa.db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT number, state, record FROM dossiers ORDER BY number").fetchall()
assert [r[0] for r in rows] == ["d0001", "d0002", "h0001"], rows
assert all(r[1] == "extracted" and json.loads(r[2])["schema"] == "sohoa.dossier/1" for r in rows), rows
assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] > 0
PY

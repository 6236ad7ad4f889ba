#!/usr/bin/env bash
# dossier.json written by `sohoa ingest` for normal and hard generated dossiers validates against
# the contract's JSON Schema, and the run reports pages and seconds for the scorer.
set -euo pipefail
sohoa=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$sohoa" synth --out "$tmp/scans" --dossiers 2 --seed 41 >/dev/null
"$sohoa" synth --out "$tmp/hard" --dossiers 1 --seed 42 --hard >/dev/null
mv "$tmp/hard/d0001" "$tmp/scans/h0001"
"$sohoa" ingest --batch "$tmp/scans" --out "$tmp/records" >/dev/null
/usr/bin/python3 "$root/tests/validate_dossier.py" "$root/docs/dossier.schema.json" dossier "$tmp"/records/*/dossier.json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['pages'] > 0 and r['seconds'] > 0, r" "$tmp/records/run.json"

#!/usr/bin/env bash
# truth.json of normal and hard generated dossiers validates against the contract's JSON Schema.
set -euo pipefail
sohoa=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$sohoa" synth --out "$tmp/normal" --dossiers 3 --seed 31 >/dev/null
"$sohoa" synth --out "$tmp/hard" --dossiers 2 --seed 32 --hard >/dev/null
/usr/bin/python3 "$root/tests/validate_dossier.py" "$root/docs/dossier.schema.json" truth "$tmp"/*/*/truth.json

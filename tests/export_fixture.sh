#!/usr/bin/env bash
# The generated dossiers and their ingest output that the export tests share (read only):
# DIR/scans (sohoa synth, 2 dossiers, seed 7) and DIR/out (sohoa ingest --batch).
set -euo pipefail
sohoa=$1 dir=$2
rm -rf "$dir"
"$sohoa" synth --out "$dir/scans" --dossiers 2 --seed 7 >/dev/null
"$sohoa" ingest --batch "$dir/scans" --out "$dir/out" --no-images >/dev/null

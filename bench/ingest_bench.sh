#!/bin/bash
# Ingest benchmark: `sohoa ingest --batch` over a generated set, scored against its truth, RUNS
# times; then the plain alternative in the same run, `tesseract -l vie` over the same scan files
# (2 at a time on the 2 cores, one thread each), which reads text but extracts no field.
#   bench/ingest_bench.sh SET [RUNS] [SOHOA]
# SET is a `sohoa synth` output folder. Prints the medians.
set -euo pipefail
set_dir=${1:?usage: ingest_bench.sh SET [RUNS] [SOHOA]}
runs=${2:-3}
sohoa=${3:-$(dirname "$0")/../build/station/sohoa}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

scans=$(find "$set_dir" -mindepth 2 -maxdepth 2 -type f ! -name '*.json' | sort)
pages=$(echo "$scans" | wc -l)
echo "set $set_dir: $(ls -d "$set_dir"/*/ | wc -l) dossiers, $pages scan files, $runs runs, $(nproc) cores"

: > "$work/sohoa.txt"
for i in $(seq "$runs"); do
  "$sohoa" ingest --batch "$set_dir" --out "$work/run$i" --no-images > "$work/run$i.log"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['pages']*60/r['seconds'])" "$work/run$i/run.json" >> "$work/sohoa.txt"
done
"$sohoa" score "$set_dir" "$work/run$runs" > "$work/score.txt"
sed -n '1,6p' "$work/score.txt"

: > "$work/tess.txt"
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  echo "$scans" | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} sh -c 'tesseract "$1" - -l vie >/dev/null 2>&1' _ {}
  end=$(date +%s.%N)
  python3 -c "import sys; print($pages*60/($end-$start))" >> "$work/tess.txt"
done
echo "sohoa ingest (prepare, OCR, QR, MRZ, extraction, checks): median $(median < "$work/sohoa.txt" | xargs printf '%.1f') pages/min  (runs: $(tr '\n' ' ' < "$work/sohoa.txt" | xargs printf '%.0f '))"
echo "tesseract -l vie on the raw scans (text only):           median $(median < "$work/tess.txt" | xargs printf '%.1f') pages/min  (runs: $(tr '\n' ' ' < "$work/tess.txt" | xargs printf '%.0f '))"

#!/usr/bin/env bash
# Bad input to every subcommand: a clear one-line error on stderr, a non-zero exit, never a crash.
set -u
sohoa=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

expect_error() {  # expect_error "what" ARGS...
  local what=$1; shift
  "$sohoa" "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  local lines
  lines=$(wc -l <"$tmp/err")
  if [ "$code" -ge 1 ] && [ "$code" -le 2 ] && [ "$lines" -ge 1 ] && [ "$lines" -le 3 ] && grep -q "sohoa" "$tmp/err"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: exit $code, stderr:"; cat "$tmp/err"
  fi
}

mkdir -p "$tmp/truth/d0001" "$tmp/pred/d0001"
echo '{ broken' >"$tmp/truth/d0001/truth.json"
echo '{}' >"$tmp/pred/d0001/dossier.json"
touch "$tmp/file"

expect_error "no command"
expect_error "unknown command" frobnicate
expect_error "synth without --out" synth
expect_error "synth bad count" synth --out "$tmp/s" --dossiers many
expect_error "synth zero count" synth --out "$tmp/s" --dossiers 0
expect_error "synth negative seed" synth --out "$tmp/s" --seed -3
expect_error "synth unknown option" synth --out "$tmp/s" --colour
expect_error "synth stray argument" synth --out "$tmp/s" extra
expect_error "synth into a file" synth --out "$tmp/file/x" --dossiers 1
expect_error "score without args" score
expect_error "score missing truth" score "$tmp/none" "$tmp/pred"
expect_error "score malformed truth" score "$tmp/truth" "$tmp/pred"
expect_error "score unknown option" score "$tmp/truth" "$tmp/pred" --fast

expect_error "prepare without --out" prepare "$tmp/file"
expect_error "prepare without files" prepare --out "$tmp/prep"
expect_error "ingest without --out" ingest "$tmp/file"
expect_error "ingest without scans" ingest --out "$tmp/ing"
expect_error "ingest of a path that is not there" ingest "$tmp/none" --out "$tmp/ing"
expect_error "ingest of a batch that is no folder" ingest --batch "$tmp/file" --out "$tmp/ing"
expect_error "ingest with batch and paths" ingest --batch "$tmp" "$tmp/file" --out "$tmp/ing"
expect_error "ingest with zero workers" ingest "$tmp/file" --out "$tmp/ing" --workers 0
expect_error "prepare with a bad profile" prepare "$tmp/file" --out "$tmp/prep" --profile "$tmp/truth/d0001/truth.json"

# One run with a good scan among bad files: the bad ones are named, the good one is prepared.
mkdir -p "$tmp/mixed"
"$sohoa" synth --out "$tmp/gen" --dossiers 1 --seed 3 >/dev/null
good=$(ls "$tmp"/gen/d0001/p01.*)
cp "$good" "$tmp/mixed/"
: >"$tmp/mixed/empty.jpg"
echo "not a scan" >"$tmp/mixed/letter.jpg"
head -c 20000 "$good" >"$tmp/mixed/cut.jpg"
"$sohoa" prepare "$tmp/mixed" --out "$tmp/prep" >"$tmp/out" 2>"$tmp/err"
code=$?
if [ "$code" -eq 1 ] && grep -q "empty.jpg: the file is empty" "$tmp/err" && grep -q "letter.jpg: not an image" "$tmp/err" &&
   grep -q "cut.jpg: truncated JPEG" "$tmp/err" && grep -q "^p01" "$tmp/out" &&
   grep -q '"image": "p01-d1.jpg"' "$tmp/prep/pages.json" && [ "$(grep -c '"message"' "$tmp/prep/pages.json")" -eq 3 ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: mixed prepare run: exit $code"; cat "$tmp/err" "$tmp/out"
fi

"$sohoa" --help >/dev/null && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --help"; }
"$sohoa" synth --help >/dev/null && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: synth --help"; }

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

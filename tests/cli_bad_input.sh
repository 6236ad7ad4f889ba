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

"$sohoa" --help >/dev/null && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --help"; }
"$sohoa" synth --help >/dev/null && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: synth --help"; }

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

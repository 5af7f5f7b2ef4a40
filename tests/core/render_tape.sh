#!/usr/bin/env bash
# Opens the tape drawn by `tapegrad tape --format svg` in a real browser (headless chromium), inline
# in a page as the lab's report embeds it: saves a screenshot, checks it is not blank, and that the
# DOM the browser built holds one node group per tape node, each showing its op's name.
# Skips (exit 0) when chromium is not installed.   usage: render_tape.sh path/to/tapegrad config.json OUT_DIR
set -uo pipefail
bin=$1
config=$2
out=$3
browser=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$browser" ]; then
  echo "skipped: chromium not installed"
  exit 0
fi

rm -rf "$out" && mkdir -p "$out" && out=$(cd "$out" && pwd)
"$bin" tape --config "$config" --batch 2 --format svg >"$out/tape.svg" || { echo "FAIL: tapegrad tape --format svg" >&2; exit 1; }
"$bin" tape --config "$config" --batch 2 --format json >"$out/tape.json" || { echo "FAIL: tapegrad tape --format json" >&2; exit 1; }
{ echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>tape</title></head><body>'
  cat "$out/tape.svg"
  echo '</body></html>'; } >"$out/tape.html"
echo '<!DOCTYPE html><html><body></body></html>' >"$out/blank.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The window is as large as the drawing, so the screenshot holds all of it, the loss included.
read -r width height < <(sed -nE '1s/^<svg [^>]*width="([0-9]+)" height="([0-9]+)".*/\1 \2/p' "$out/tape.svg")
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars
       --window-size=$((${width:-1800} + 40)),$((${height:-600} + 40)))
timeout 120 "$browser" "${flags[@]}" --screenshot="$out/tape.png" "file://$out/tape.html" >"$out/chromium.log" 2>&1
timeout 120 "$browser" "${flags[@]}" --screenshot="$out/blank.png" "file://$out/blank.html" >>"$out/chromium.log" 2>&1
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$out/tape.html" >"$out/dom.html" 2>>"$out/chromium.log"

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# The screenshot: a PNG, several times the size of a blank page's (boxes and text compress far less).
if [ -s "$out/tape.png" ] && [ "$(head -c 4 "$out/tape.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
  ok
  bytes=$(wc -c <"$out/tape.png")
  blank=$(wc -c <"$out/blank.png" 2>/dev/null || echo 5000)
  [ "$bytes" -gt $((3 * blank)) ] && ok || fail "screenshot looks blank: $bytes bytes, a blank page is $blank"
else
  fail "no PNG screenshot at $out/tape.png (see $out/chromium.log)"
fi

# The DOM: one <g class="node ..."> per node of the JSON tape, and each node's op in its group.
nodes=$(grep -c '"op":' "$out/tape.json")
groups=$(grep -o '<g class="node [a-z]*" data-id="[0-9]*" data-op="[a-z_]*">' "$out/dom.html" | wc -l)
[ "$nodes" -ge 8 ] && ok || fail "the tape has only $nodes nodes"
[ "$groups" -eq "$nodes" ] && ok || fail "the rendered page holds $groups node groups, the tape $nodes nodes"
missing=0
while read -r id op; do
  grep -q "data-id=\"$id\" data-op=\"$op\"><title>[^<]*</title>.*#$id $op</text>" "$out/dom.html" || missing=$((missing + 1))
done < <(sed -nE 's/.*"id":([0-9]+),.*"op":"([a-z_]+)".*/\1 \2/p' "$out/tape.json")
[ "$missing" -eq 0 ] && ok || fail "$missing nodes do not show '#id op' in the rendered page"
grep -q 'class="node loss"' "$out/dom.html" && ok || fail "no node is drawn as the loss"

echo "tape_browser: $passed passed, $failed failed; screenshot: $out/tape.png"
[ "$failed" -eq 0 ]

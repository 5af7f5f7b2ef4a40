#!/usr/bin/env bash
# Opens a report.html in a real browser (headless chromium): writes the report from a compare.json
# fixture, saves a screenshot, checks it is not blank, that the rendered DOM holds every chart and
# the tape drawings, and that the page made no network request. Skips (exit 0) when chromium is not installed.
#   usage: render_report.sh path/to/make_report compare.json OUT_DIR
set -uo pipefail
make_report=$1
fixture=$2
out=$3
browser=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$browser" ]; then
  echo "skipped: chromium not installed"
  exit 0
fi

rm -rf "$out" && mkdir -p "$out" && out=$(cd "$out" && pwd)
"$make_report" "$fixture" "$out" >/dev/null || { echo "FAIL: make_report could not write the report" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars)
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# The report, a blank page of the same size to compare against, and the DOM after rendering.
echo '<!DOCTYPE html><html><body></body></html>' >"$out/blank.html"
timeout 120 "$browser" "${flags[@]}" --window-size=1200,3000 --log-net-log="$out/netlog.json" \
  --screenshot="$out/report.png" "file://$out/report.html" >"$out/chromium.log" 2>&1
timeout 120 "$browser" "${flags[@]}" --window-size=1200,3000 \
  --screenshot="$out/blank.png" "file://$out/blank.html" >>"$out/chromium.log" 2>&1
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$out/report.html" >"$out/dom.html" 2>>"$out/chromium.log"

# The screenshot: a PNG of 1200 x 3000 pixels, and several times the size of a blank page's (a
# page of text and charts compresses far less than an empty one).
if [ -s "$out/report.png" ] && [ "$(head -c 4 "$out/report.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
  ok
  read -r w1 w2 w3 w4 h1 h2 h3 h4 < <(od -An -tu1 -j16 -N8 "$out/report.png")
  size="$(((w1 << 24) + (w2 << 16) + (w3 << 8) + w4)) x $(((h1 << 24) + (h2 << 16) + (h3 << 8) + h4))"
  [ "$size" = "1200 x 3000" ] && ok || fail "screenshot is $size pixels, expected 1200 x 3000"
  bytes=$(wc -c <"$out/report.png")
  blank=$(wc -c <"$out/blank.png" 2>/dev/null || echo 20000)
  [ "$bytes" -gt $((4 * blank)) ] && ok || fail "screenshot looks blank: $bytes bytes, a blank page is $blank"
else
  fail "no PNG screenshot at $out/report.png (see $out/chromium.log)"
fi

# The DOM as the browser built it: one <svg> per chart file, each with its lines and bands.
charts=$(ls "$out"/charts/*.svg 2>/dev/null | wc -l)
svgs=$(grep -o '<svg ' "$out/dom.html" | wc -l)
[ "$charts" -ge 5 ] && ok || fail "only $charts chart files written"
[ "$svgs" -eq "$charts" ] && ok || fail "the rendered page holds $svgs <svg> elements, expected $charts"
[ "$(grep -o '<polyline' "$out/dom.html" | wc -l)" -ge "$charts" ] && ok || fail "too few lines in the rendered charts"
grep -q '<polygon class="band"' "$out/dom.html" && ok || fail "no min-max band in the rendered charts"
grep -q 'What this run measured' "$out/dom.html" && ok || fail "the verdict section is missing from the rendered page"

# The tape of one step under each loss, drawn inline: a loss box per drawing, each among its nodes;
# and a screenshot of the report's tape section alone (with the report's own style), which the
# full-page screenshot does not reach.
{ sed -n '1,/<\/head>/p' "$out/report.html"; echo '<body>'
  sed -n '/<h2 id="tape">/,/<h2>/p' "$out/report.html" | sed '$d'; echo '</body></html>'; } >"$out/tape_section.html"
timeout 120 "$browser" "${flags[@]}" --window-size=1200,1200 --screenshot="$out/tape_section.png" "file://$out/tape_section.html" \
  >>"$out/chromium.log" 2>&1
timeout 120 "$browser" "${flags[@]}" --window-size=1200,1200 --screenshot="$out/blank_section.png" "file://$out/blank.html" \
  >>"$out/chromium.log" 2>&1
if [ -s "$out/tape_section.png" ] && [ "$(head -c 4 "$out/tape_section.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
  bytes=$(wc -c <"$out/tape_section.png")
  blank=$(wc -c <"$out/blank_section.png" 2>/dev/null || echo 5000)
  [ "$bytes" -gt $((4 * blank)) ] && ok || fail "the tape section's screenshot looks blank: $bytes bytes, a blank page is $blank"
else
  fail "no PNG screenshot of the tape section at $out/tape_section.png"
fi
tapes=$(ls "$out"/charts/tape_*.svg 2>/dev/null | wc -l)
[ "$tapes" -ge 1 ] && ok || fail "no tape drawing written (charts/tape_*.svg)"
[ "$(grep -o '<g class="node loss"' "$out/dom.html" | wc -l)" -eq "$tapes" ] && ok || fail "the rendered page does not hold one drawn loss per tape"
# Every node of every tape file is drawn in the page (and a tape has at least its input, a weight,
# a bias, the product, the sum and the loss).
node='<g class="node [a-z]*" data-id="[0-9]*" data-op="[a-z_0-9]*">'
in_files=$(cat "$out"/charts/tape_*.svg 2>/dev/null | grep -o "$node" | wc -l)
in_page=$(grep -o "$node" "$out/dom.html" | wc -l)
[ "$in_page" -eq "$in_files" ] && [ "$in_files" -ge $((6 * tapes)) ] && ok ||
  fail "the rendered page draws $in_page tape nodes, the $tapes tape files hold $in_files (want equal, at least 6 a tape)"

# The network log: the browser itself talks to update and account servers, so count only the
# requests the page made (those whose network isolation key is the page's file:// site). A canary
# page with one local image proves the check can see a request at all.
page_requests() { grep '"network_isolation_key":"file://' "$1" | grep -oE '"url":"[a-z]+://[^"]*"' | grep -v '"url":"file://' | sort -u; }
echo '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/canary.png"></body></html>' >"$out/canary.html"
timeout 120 "$browser" "${flags[@]}" --log-net-log="$out/canary-netlog.json" --dump-dom "file://$out/canary.html" >/dev/null 2>>"$out/chromium.log"
if [ -s "$out/netlog.json" ] && page_requests "$out/canary-netlog.json" | grep -q canary.png; then
  requests=$(page_requests "$out/netlog.json")
  [ -z "$requests" ] && ok || fail "the page made network requests: $requests"
else
  fail "the network log does not show a page's requests (see $out/netlog.json and $out/canary-netlog.json)"
fi

echo "report_browser: $passed passed, $failed failed; screenshots: $out/report.png, $out/tape_section.png"
[ "$failed" -eq 0 ]

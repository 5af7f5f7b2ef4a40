# Sourced by the command-line tests (tests/cli/*_test.sh): a scratch folder $work, removed on
# exit, and the count of passed and failed checks.
#   check && ok || fail "what went wrong"     ...     finish "name"   (the script's last line)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# finish NAME: prints the counts and returns non-zero when a check failed.
finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

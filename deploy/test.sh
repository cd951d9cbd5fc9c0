#!/usr/bin/env bash
# Runs every test of WSM Ops: unit tests, the storage and HTTP suites on SQLite and
# PostgreSQL, and the browser tests in headless Chromium against the real hydrated app.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prereqs.sh"
cd "$REPO"
need_rust
need_wasm_bindgen
need_optional_tools
need_solver_tools
need_chromium
need_postgres
build_site
export WSM_TEST_ARTIFACTS="${WSM_TEST_ARTIFACTS:-$REPO/target/test-artifacts}"
mkdir -p "$WSM_TEST_ARTIFACTS"
say "cargo test --workspace"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test --workspace 2>&1 | tee "$log"
say "all tests passed (browser screenshots in $WSM_TEST_ARTIFACTS)"
# One closing line with the totals over every test binary.
awk '/^test result:/ { p += $4; f += $6; s += $8 } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"

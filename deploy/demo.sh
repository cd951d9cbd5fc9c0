#!/usr/bin/env bash
# Builds WSM Ops and starts it on SQLite with the demo facility loaded.
#   bash deploy/demo.sh            # http://127.0.0.1:3000
#   WSM__SERVER__BIND=0.0.0.0:8080 bash deploy/demo.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prereqs.sh"
cd "$REPO"
need_rust
need_wasm_bindgen
need_optional_tools
need_solver_tools
build_site
say "building the server (release)"
cargo build --release -p wsm-server --bin wsm
WSM="$CARGO_TARGET_DIR/release/wsm"
export WSM__SERVER__SITE_ROOT="$WSM_SITE_ROOT"
export WSM__DATA_DIR="${WSM__DATA_DIR:-$REPO/data}"
"$WSM" demo
exec "$WSM" serve

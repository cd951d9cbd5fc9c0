#!/usr/bin/env bash
# Builds the hydrate bundle offline into $WSM_SITE_ROOT (default <repo>/target/site):
#   pkg/wsm.js, pkg/wsm_bg.wasm  (wasm-bindgen --target web --out-name wsm)
#   style.css
# The server serves that folder at / with LeptosOptions output_name "wsm", site_pkg_dir
# "pkg". LEPTOS_OUTPUT_NAME is deliberately NOT set at compile time: Leptos then links
# `<output_name>_bg.wasm`, which is exactly what wasm-bindgen writes.
# Needs: the wasm32-unknown-unknown target and a wasm-bindgen CLI whose version equals the
# wasm-bindgen in Cargo.lock ($WASM_BINDGEN or on PATH); wasm-opt (binaryen) if available.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
SITE="${WSM_SITE_ROOT:-$REPO/target/site}"
WASM_BINDGEN="${WASM_BINDGEN:-wasm-bindgen}"

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
have="$("$WASM_BINDGEN" --version 2>/dev/null | awk '{print $2}')" || true
if [ "$have" != "$want" ]; then
  echo "error: wasm-bindgen CLI ${have:-not found} does not match wasm-bindgen $want in Cargo.lock" >&2
  echo "       install it: cargo install wasm-bindgen-cli --version $want (deploy/test.sh and deploy/demo.sh do this)" >&2
  exit 1
fi

cargo build -p wsm-frontend --lib --target wasm32-unknown-unknown --profile wasm-release --features hydrate
mkdir -p "$SITE/pkg"
"$WASM_BINDGEN" --target web --no-typescript --out-name wsm --out-dir "$SITE/pkg" \
  "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/wsm_frontend.wasm"
# wasm-opt shrinks the bundle by half, but binaryen before version 116 (Debian 12 ships 108)
# breaks wasm-bindgen's reference-type table ("WebAssembly.Table.set(): Argument 1 is
# invalid"), so an older one is skipped rather than trusted.
opt_version="$(wasm-opt --version 2>/dev/null | awk '{print $3}')" || true
if [ -n "$opt_version" ] && [ "$opt_version" -ge 116 ] 2>/dev/null; then
  wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    -o "$SITE/pkg/wsm_bg.wasm.opt" "$SITE/pkg/wsm_bg.wasm" && mv "$SITE/pkg/wsm_bg.wasm.opt" "$SITE/pkg/wsm_bg.wasm"
else
  echo "note: wasm-opt ${opt_version:-not found} is older than 116 or missing; the bundle is not wasm-opt'ed" >&2
fi
cp frontend/style/main.css "$SITE/style.css"
# The installable app: manifest, icon, and the service worker that keeps "my shifts" offline.
cp frontend/style/manifest.webmanifest frontend/style/icon.svg frontend/style/sw.js "$SITE/"
# Precompressed copies: the server sends them to browsers that accept gzip.
for f in "$SITE/pkg/wsm_bg.wasm" "$SITE/pkg/wsm.js" "$SITE/style.css"; do gzip -9 -k -f "$f"; done
size=$(wc -c < "$SITE/pkg/wsm_bg.wasm")
gz=$(wc -c < "$SITE/pkg/wsm_bg.wasm.gz")
echo "hydrate bundle: $SITE/pkg/wsm_bg.wasm $size bytes ($gz gzipped)"

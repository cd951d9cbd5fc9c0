# shellcheck shell=bash
# Checks or installs what building and testing WSM Ops needs beyond the Rust toolchain.
# Sourced by deploy/demo.sh and deploy/test.sh. Every missing piece is installed when this
# machine allows it (rustup, cargo install, apt-get as root) and named clearly when not.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wsm-target}"
WSM_TOOLS_DIR="${WSM_TOOLS_DIR:-$HOME/.cache/wsm-tools}"
export WSM_SITE_ROOT="${WSM_SITE_ROOT:-$CARGO_TARGET_DIR/site}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

APT_UPDATED=""
apt_install() {
  # apt_install PACKAGE... : installs Debian packages when we are root with apt-get.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if [ -z "$APT_UPDATED" ]; then
      say "apt-get update"
      apt-get update -qq >/dev/null || return 1
      APT_UPDATED=1
    fi
    say "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || return 1
  else
    return 1
  fi
}

need_rust() {
  command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup (https://rustup.rs) first"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown >/dev/null || die "could not add the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown)"
  fi
}

need_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$REPO/Cargo.lock")"
  [ -n "$want" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
  local bin="$WSM_TOOLS_DIR/bin/wasm-bindgen"
  if [ ! -x "$bin" ] || [ "$("$bin" --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    if command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version)" = "wasm-bindgen $want" ]; then
      bin="$(command -v wasm-bindgen)"
    else
      say "installing wasm-bindgen-cli $want (matches Cargo.lock; a few minutes the first time)"
      cargo install --quiet wasm-bindgen-cli --version "$want" --root "$WSM_TOOLS_DIR" \
        || die "could not install wasm-bindgen-cli $want (cargo install wasm-bindgen-cli --version $want)"
    fi
  fi
  export WASM_BINDGEN="$bin"
}

need_optional_tools() {
  # wasm-opt shrinks the bundle (used only when it is version 116 or newer).
  command -v wasm-opt >/dev/null 2>&1 || apt_install binaryen || say "note: wasm-opt (Debian: binaryen) not found; the bundle is built without it"
}

need_solver_tools() {
  # good_lp's `highs` feature builds HiGHS from C++ source (cmake, a C++ compiler) and
  # generates its bindings with bindgen (libclang).
  command -v cmake >/dev/null 2>&1 || apt_install cmake || die "cmake is needed to build HiGHS (Debian: apt-get install cmake)"
  command -v c++ >/dev/null 2>&1 || apt_install g++ || die "a C++ compiler is needed to build HiGHS (Debian: apt-get install g++)"
  # libclang itself (libclang.so / libclang-14.so.1), not libclang-cpp, which bindgen cannot use.
  if ! ldconfig -p 2>/dev/null | grep -Eq 'libclang(-[0-9.]+)?\.so' && [ -z "${LIBCLANG_PATH:-}" ] && ! ls /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* >/dev/null 2>&1; then
    apt_install libclang-dev || die "libclang is needed to build HiGHS's bindings (Debian: apt-get install libclang-dev, or set LIBCLANG_PATH)"
  fi
}

need_chromium() {
  if ! command -v chromedriver >/dev/null 2>&1 || ! { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
    apt_install chromium chromium-driver || die "browser tests need Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver)"
  fi
}

need_postgres() {
  # The PostgreSQL half of the storage and API suites runs against WSM_TEST_POSTGRES_URL.
  export WSM_TEST_POSTGRES_URL="${WSM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
  if [ "${WSM_SKIP_POSTGRES:-}" = 1 ]; then
    unset WSM_TEST_POSTGRES_URL
    say "WSM_SKIP_POSTGRES=1: the PostgreSQL half of the suites is skipped"
    return
  fi
  if ! pg_up; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      say "starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do pg_up && break; sleep 1; done
    fi
  fi
  pg_up || die "PostgreSQL is not reachable at $WSM_TEST_POSTGRES_URL (set WSM_TEST_POSTGRES_URL, start it, or WSM_SKIP_POSTGRES=1 to run SQLite only)"
}

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    local hostport="${WSM_TEST_POSTGRES_URL#*@}"; hostport="${hostport%%/*}"
    pg_isready -q -h "${hostport%%:*}" -p "${hostport##*:}"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/5432") 2>/dev/null
  fi
}

build_site() {
  say "building the hydrate bundle into $WSM_SITE_ROOT"
  bash "$REPO/deploy/build-frontend.sh"
}

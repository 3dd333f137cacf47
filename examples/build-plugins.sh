#!/usr/bin/env bash
# Rebuilds the C plugins of the pipeline example (examples/plugins/*.wasm)
# from examples/plugins/src/*.c and the WIT in examples/wit/.
#
# Installs the C toolchain with apt when it is missing (Debian's clang-19,
# lld-19, wasi-libc and libclang-rt-19-dev-wasm32), then runs the build tool:
# `cargo run -p xtask -- plugins` (see xtask/src/main.rs). Extra arguments go
# to the build tool, e.g. `--clang /path/to/clang`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v clang-19 >/dev/null || missing+=(clang-19)
command -v wasm-ld-19 >/dev/null || missing+=(lld-19)
[ -f /usr/lib/wasm32-wasi/libc.a ] || missing+=(wasi-libc)
[ -f /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a ] ||
  missing+=(libclang-rt-19-dev-wasm32)

# A clang named with --clang or $CLANG is used as it is.
chosen=false
for arg in "$@"; do [ "$arg" = --clang ] && chosen=true; done
[ -n "${CLANG:-}" ] && chosen=true

if [ ${#missing[@]} -gt 0 ] && [ "$chosen" = false ]; then
  echo "== installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

cargo run -q -p xtask -- plugins "$@"

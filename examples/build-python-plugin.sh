#!/usr/bin/env bash
# Builds the pipeline example's Python analyser, examples/plugins/python/rhythm.py,
# into examples/plugins/python/build/rhythm.wasm (about 18 MB, so it is built, not
# committed; the example runs without it and says so).
#
# Uses componentize-py from PyPI, installed on first use into a virtual environment
# under target/ (with Debian's python3-venv installed by apt if Python cannot make
# one). The component imports nothing but its socket: WASI is stubbed out
# (`--stub-wasi`), as the C plugins need none either.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1

version=0.25.1
venv=target/componentize-py
if [ ! -x "$venv/bin/componentize-py" ] || ! "$venv/bin/componentize-py" --version | grep -qF "$version"; then
  if ! python3 -m venv --clear "$venv" 2>/dev/null; then
    echo "== installing python3 and python3-venv"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      python3 python3-venv >/dev/null
    python3 -m venv --clear "$venv"
  fi
  echo "== installing componentize-py $version into $venv"
  "$venv/bin/pip" install -q "componentize-py==$version"
fi

# componentize-py reads a world from a directory: the world's package at its
# root, the packages it uses under deps/ (examples/wit/worlds/pipeline/ is
# laid out so).
wit=examples/wit/worlds/pipeline

out=examples/plugins/python/build
mkdir -p "$out"
started=$(date +%s)
"$venv/bin/componentize-py" -d "$wit" -w analyzer componentize \
  -p examples/plugins/python rhythm --stub-wasi -o "$out/rhythm.wasm"
echo "plugin:   rhythm (Python) $(stat -c %s "$out/rhythm.wasm") bytes  examples/plugins/python/rhythm.py -> $out/rhythm.wasm ($(($(date +%s) - started)) s)"

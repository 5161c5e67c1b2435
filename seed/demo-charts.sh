#!/usr/bin/env bash
# Charts drawn by `make demo` into the folder given (default out/).
set -u
orgraph=${1:-orgraph}
out=${2:-out}
"$orgraph" chart kite --units-only -o "$out/kite-overview.svg" || true
"$orgraph" chart kite -o "$out/kite.svg" || true
"$orgraph" chart kite --format png -o "$out/kite.png" || true
ls -l "$out"

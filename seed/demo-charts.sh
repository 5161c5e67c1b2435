#!/usr/bin/env bash
# Charts drawn by `make demo` into the folder given (default out/), from Neo4j.
set -u
orgraph=${1:-orgraph}
out=${2:-out}
failed=0
chart() { "$orgraph" chart "$@" || failed=1; }
chart kite --units-only -o "$out/kite-overview.png"
chart kite --unit 1 -o "$out/kite-sector-1.png"
chart kite --around 13 -o "$out/kite-around-13.svg"
chart kite --highlight-findings -o "$out/kite.pdf"
chart ge-moh --substitutes -o "$out/ge-moh.png"
echo "charts in $out/:"; ls "$out"
exit $failed

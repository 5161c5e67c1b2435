#!/usr/bin/env bash
# Answers printed by `make demo`, from Neo4j. Each line is an orgraph command a user can type.
set -u
orgraph=${1:-orgraph}
failed=0
run() { echo; echo "\$ orgraph $*"; "$orgraph" "$@" || failed=1; }
run chain --org kite 9
run acting --org kite "Direktor"
run acting ge-moh/post/1 --absent ge-moh/post/2
run span kite --top 10
run units kite
run approves --org razanj "Načelnik OU"
# check exits 1 when it finds errors; the rulebook's own totals disagree, so it does.
echo; echo "\$ orgraph check kite"; "$orgraph" check kite; [ $? -le 1 ] || failed=1
exit $failed

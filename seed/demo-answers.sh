#!/usr/bin/env bash
# Answers printed by `make demo`, from Neo4j. Each line is an orgraph command a user can type.
set -u
orgraph=${1:-orgraph}
run() { echo; echo "\$ orgraph $*"; "$orgraph" "$@"; }
run chain --org kite "Šef odseka za projektovanje i implementaciju u Odeljenju za portale" || run chain kite/post/9
run acting --org kite "Direktor"
run acting --org ge-moh --absent "(2-1)" "(1-1)" || true
run span kite --top 10
run units kite
run approves --org razanj "Начелник ОУ" || true
run check kite || true

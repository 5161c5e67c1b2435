#!/usr/bin/env bash
# Answers printed by `make demo`, from Neo4j. Each line is an orgraph command a user can type.
set -u
orgraph=${1:-orgraph}
run() { echo; echo "\$ orgraph $*"; "$orgraph" "$@"; }
run chain --org kite "Шеф Одсека за пројектовање и имплементацију" || true
run acting --org kite Директор || true
run span kite || true
run units kite || true
run check kite || true

#!/usr/bin/env bash
# The main job on a fresh machine: install, then score the example mailbox export with the
# starter model shipped in models/starter (no --model, no download), write its QA report, and
# evaluate the starter on the hand-written test split. Results go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
clf=.venv/bin/apology-clf
$clf score data/examples/mailbox.mbox --from "*@voorbeeld-service.nl" \
    -o out/example-scores.parquet --include-text
$clf report out/example-scores.parquet -o out/example-report.html --lang nl
$clf evaluate models/starter data/labelled/test.jsonl --json out/starter-test-metrics.json

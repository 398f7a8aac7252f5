#!/usr/bin/env bash
# The main job on a fresh machine: install, build a small base model (RobBERT's weights cannot
# be downloaded here), fine-tune it on the project's labelled data, evaluate on the test split,
# score the example mailbox export and write its QA report. Results go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
clf=.venv/bin/apology-clf
$clf init-base data/labelled/train.jsonl -o models/base-small --hidden-size 128 --layers 2 --heads 4
$clf train data/labelled/train.jsonl --val data/labelled/validation.jsonl \
    --base-model models/base-small -o models/quickstart --epochs 10 --lr 5e-4 --batch-size 16 --max-length 256
$clf evaluate models/quickstart data/labelled/test.jsonl --json out/quickstart-metrics.json
$clf score data/examples/mailbox.mbox --from "*@voorbeeld-service.nl" --model models/quickstart \
    -o out/example-scores.parquet --include-text
$clf report out/example-scores.parquet -o out/example-report.html --lang nl

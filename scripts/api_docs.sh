#!/usr/bin/env bash
# Build the API reference (HTML, from the docstrings) into build/api; CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(apology_clf apology_clf.training apology_clf.model apology_clf.data apology_clf.mail
    apology_clf.report apology_clf.scoring apology_clf.evaluation apology_clf.schema
    apology_clf.errors apology_clf.rules apology_clf.io apology_clf.resume apology_clf.spark
    apology_clf.ray apology_clf.cli)
rm -rf build/api
.venv/bin/pdoc --docformat restructuredtext --output-directory build/api "${packages[@]}"
echo "API reference: build/api/index.html ($(find build/api -name '*.html' | wc -l) pages)"

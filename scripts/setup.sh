#!/usr/bin/env bash
# Create .venv and install apology-clf with its test tools. torch is installed first from the
# pinned CPU build (override with TORCH_SPEC, e.g. TORCH_SPEC="torch" for a CUDA machine).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "${TORCH_SPEC:-torch==2.13.0}"
.venv/bin/python -m pip install --quiet -e ".[dev]"

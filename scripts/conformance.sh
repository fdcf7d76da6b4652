#!/usr/bin/env bash
# Runs the contract's conformance kit when the shared folder is beside this clone, and says so
# plainly when it is not (a clone elsewhere has no kit to run).
set -euo pipefail
cd "$(dirname "$0")/.."
kit=../shared/conformance/run
if [ -x "$kit" ] || [ -f "$kit" ]; then
  node "$kit"
else
  echo "conformance kit skipped: $kit is not there (it comes with the shared folder beside the repository)"
fi

#!/usr/bin/env bash
# The long run of the live-model differential test: 5000 seeded random operations (ip and the app
# mixed) in rounds of 50; after each round the page's model must equal ip -json. Prints the seed,
# each round's convergence time after its last change, and the median/p95/max at the end.
# Run after npm run build; LIVE_SEED=N replays a run, LIVE_OPS=N changes the count. The test's
# output is shown even when it passes (--silent=false): the figures are the point.
set -euo pipefail
cd "$(dirname "$0")/.."
LIVE_OPS="${LIVE_OPS:-5000}" exec bash scripts/sandbox.sh npx vitest run --project e2e e2e/live-model.e2e.test.ts -t 'random operations' --silent=false "$@"

#!/usr/bin/env bash
# Every test: types, lint, build, then all vitest projects (unit, kernel, NetworkManager, end to
# end) inside a throwaway sandbox (scripts/sandbox.sh), so no test can touch the host's namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck
npm run --silent lint
npm run --silent build
exec bash scripts/sandbox.sh npx vitest run "$@"

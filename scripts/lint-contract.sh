#!/usr/bin/env bash
# Lints the public OpenAPI contract with two independent linters; exits non-zero on any error (warnings pass).
# Needs Node.js (>= 20.19) and the npm registry; the linter versions are pinned here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONTRACT=web-verticle/src/main/resources/openapi.yaml
REDOCLY_CLI_VERSION=2.77.0
SPECTRAL_CLI_VERSION=6.16.3

npx --yes "@redocly/cli@${REDOCLY_CLI_VERSION}" lint --extends recommended "$CONTRACT"
npx --yes "@stoplight/spectral-cli@${SPECTRAL_CLI_VERSION}" lint --ruleset .spectral.yaml --fail-severity error "$CONTRACT"

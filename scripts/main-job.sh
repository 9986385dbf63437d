#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job of `make run`: relok's server on the shipped data (JSON API and
# the web UI in Russian and English), on http://127.0.0.1:${RELOK_PORT:-8080}/.
# It prints the URL and serves until Ctrl-C (SIGINT/SIGTERM finish requests
# in flight). For a quick look without a browser:
#   build/release/cli/relok advise --profile examples/profiles/it-remote-passport.yaml --top 10
set -eu
build=${1:-build/release}
port=${RELOK_PORT:-8080}
echo "relok: open http://127.0.0.1:$port/ in a browser (Ctrl-C stops the server)"
# --precompute: the scenarios' ensembles are computed in the background at
# start, so the Scenarios page shows at once (docs/api.md, "Scenarios").
exec "$build/cli/relok" serve --port "$port" --precompute

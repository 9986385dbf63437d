#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job of `make run` on the shipped data: the advisor on an example
# profile (an IT worker with an international passport, working remotely for
# a foreign employer, USD 3 000 a month): the ten best countries for them
# today, and the ones they cannot go to, with the reason and its source.
# Other profiles: examples/profiles/; one country in depth: --explain CODE.
set -eu
build=${1:-build/release}
exec "$build/cli/relok" advise --profile examples/profiles/it-remote-passport.yaml --top 10

#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job of `make run` on the shipped data. Until the advisor and the
# server exist it prints the countries table.
set -eu
build=${1:-build/release}
exec "$build/cli/relok" countries

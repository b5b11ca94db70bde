#!/usr/bin/env bash
# Runs the end-to-end demo on a fresh machine: register and log in with a
# password, Cl@ve activation and SMS codes, a SIM-registration code, an
# authenticator app, a signed document, and an offline digital-ID QR code.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --features qr --example demo -- "${@}"

#!/usr/bin/env bash
# Runs every test on a fresh machine: the Rust unit, integration, property
# and doc tests, then the Python suite against the extension module built
# into a virtual environment this script creates (.venv).
# Needs only Rust, Python 3.9+ with pip, and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo test"
cargo test --workspace --all-targets
cargo test -p credkit --features serde --test serde_forms
cargo test --workspace --doc
cargo run -q -p credkit-scratch-service   # credkit as an outside crate uses it (issue 13)

echo "==> python: virtual environment and extension module"
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "maturin>=1.9,<2" \
    pytest "argon2-cffi>=23" "bcrypt>=4" "pyotp>=2.9" "cbor2>=5.6" "base45>=0.4" "PyNaCl>=1.5" "mypy>=1.10" "python-stdnum>=1.20" "passlib>=1.7" "cryptography>=42" "pycose>=1.1" "PyJWT[crypto]>=2.8" "joserfc>=1.0" \
    "dask[distributed]>=2024.8" "pandas>=2.1" "pyarrow>=16" "numpy>=1.24" "ziglang>=0.13" "auditwheel>=6"
# The wheel users get: one abi3 wheel (CPython >= 3.9), with the licences and
# README; the suite runs against it as installed, not an editable build.
# Linked with zig (the ziglang package above) against glibc 2.17 symbols, so
# it installs on any manylinux2014 system, not only on glibc >= this
# machine's; 2.17 is also the oldest glibc Rust's standard library supports.
rm -rf target/wheels-test
PATH="$PWD/.venv/bin:$PATH" .venv/bin/maturin build --quiet --manifest-path python/Cargo.toml \
    --zig --compatibility manylinux2014 --out target/wheels-test
WHEEL=$(ls target/wheels-test/credkit-*-cp39-abi3-manylinux*.whl)
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
PATH="$PWD/.venv/bin:$PATH" .venv/bin/python scripts/check_wheel.py "$WHEEL" --manylinux 2_17

echo "==> abi3 wheel smoke test in the oldest and newest CPython found"
bash scripts/smoke_wheel.sh "$WHEEL"

echo "==> pytest"
.venv/bin/python -m pytest -q python/tests

echo "==> mypy (type stubs)"
.venv/bin/python -m mypy --strict python/typing_tests

echo "all tests passed"

#!/usr/bin/env bash
# Installs the abi3 wheel given as $1 into a fresh virtual environment of the
# oldest and of the newest CPython >= 3.9 found under pyenv, and runs a short
# use of every capability in each. Skips, saying so, when pyenv has none.
set -euo pipefail
WHEEL=$1
VERSIONS_DIR=${PYENV_ROOT:-$HOME/.pyenv}/versions
[ -d "$VERSIONS_DIR" ] || { echo "smoke: no pyenv versions at $VERSIONS_DIR: skipped"; exit 0; }
mapfile -t FOUND < <(ls "$VERSIONS_DIR" | grep -E '^3\.[0-9]+\.[0-9]+$' \
    | awk -F. '$2 >= 9' | sort -t. -k1,1n -k2,2n -k3,3n)
[ "${#FOUND[@]}" -gt 0 ] || { echo "smoke: no CPython >= 3.9 under pyenv: skipped"; exit 0; }
PICK=("${FOUND[0]}")
[ "${#FOUND[@]}" -gt 1 ] && PICK+=("${FOUND[-1]}")
for version in "${PICK[@]}"; do
    python="$VERSIONS_DIR/$version/bin/python3"
    [ -x "$python" ] || { echo "smoke: $python missing: skipped"; continue; }
    venv=$(mktemp -d)
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --no-index --no-deps "$WHEEL"
    (cd "$venv" && "$venv/bin/python" - <<'PY')
import copy, os, pickle, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads, the case tested
import credkit
h = credkit.PasswordHasher(memory_kib=64, iterations=1, parallelism=1)
assert h.verify(h.hash("pw"), "pw")
assert h.verify_many(list(zip(h.hash_many(["a", "b"]), ["a", "b"]))) == [True, True]
assert credkit.PasswordPolicy.clave().check("Tz9!kqLm#2") == []
t = credkit.Totp(b"12345678901234567890", digits=8)
assert t.at(59) == "94287082"  # RFC 6238 test vector
sk = credkit.SigningKey.generate()
msgs = [b"a", b"b"]
rows = [(sk.verifying_key.to_bytes(), m, s) for m, s in zip(msgs, credkit.sign_many(sk, msgs))]
assert credkit.verify_many(rows) == [True, True]
iss = credkit.CredentialIssuer(sk, key_id="k", issuer="i")
ver = credkit.CredentialVerifier({"k": sk.verifying_key})
assert ver.verify(iss.issue(subject="1", ttl=60)).subject == "1"
pid = os.fork()
if pid == 0:
    os._exit(0 if h.hash_many(["c"]) else 1)
assert os.waitpid(pid, 0)[1] == 0
print("smoke ok: CPython", sys.version.split()[0], credkit.__file__.rsplit("/", 2)[-2])
PY
    rm -rf "$venv"
done

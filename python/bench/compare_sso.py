"""Compares credkit's token verification with PyJWT in the same process.

Run against a release build (the debug build is far slower):

    VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
        maturin develop --release -q --manifest-path python/Cargo.toml
    .venv/bin/python python/bench/compare_sso.py

Prints the median time of each operation and the ratio credkit / PyJWT
(targets: single-token verify <= 0.5x PyJWT's time; verify_many of 2,000
Ed25519 tokens <= 0.1x a PyJWT loop). Both sides verify the same tokens with
the same checks (signature, iss, aud, exp); PyJWT gets the key object up
front, as a portal holding a JWKS would.
"""

from __future__ import annotations

import os
import statistics
import time
import timeit

import jwt

import credkit

ISS = "https://sso.example.jo"
AUD = "https://portal.moj.example.jo"
REPEAT = 7
BATCH = 2_000


def per_call(stmt: object, number: int) -> float:
    """Median seconds per call over REPEAT runs of `number` calls."""
    runs = timeit.repeat(stmt, repeat=REPEAT, number=number)  # type: ignore[arg-type]
    return statistics.median(runs) / number


def main() -> None:
    print(f"cpu count {os.cpu_count()}")
    print(f"{'operation':<40}{'credkit':>12}{'PyJWT':>12}{'credkit/PyJWT':>15}")
    for name, key, alg in (
        ("Ed25519", credkit.SigningKey.generate(), "EdDSA"),
        ("P-256", credkit.P256SigningKey.generate(), "ES256"),
    ):
        ti = credkit.TokenIssuer(key, key_id="k1", issuer=ISS)
        jwks = ti.jwks()
        tv = credkit.TokenVerifier(jwks, issuer=ISS, audience=AUD)
        peer_key = jwt.PyJWKSet.from_dict(jwks)["k1"]
        now = int(time.time())
        tokens = [ti.issue(subject=f"user{i}", audience=AUD, ttl=300, now=now) for i in range(BATCH)]
        one = tokens[0]

        def theirs(tok: str = one) -> object:
            return jwt.decode(tok, key=peer_key, algorithms=[alg], audience=AUD, issuer=ISS)

        assert tv.verify(one).subject == theirs()["sub"]
        ta = per_call(lambda: tv.verify(one), 2_000)
        tb = per_call(theirs, 500)
        print(f"{'verify one ' + name:<40}{ta * 1e6:>10.1f}us{tb * 1e6:>10.1f}us{ta / tb:>14.3f}x")

        ta = per_call(lambda: tv.verify_many(tokens), 3)
        tb = per_call(lambda: [theirs(t) for t in tokens], 1)
        label = f"verify_many {BATCH} {name} vs loop"
        print(f"{label:<40}{ta * 1e3:>10.1f}ms{tb * 1e3:>10.1f}ms{ta / tb:>14.3f}x")

        private_pem = key.to_pem()

        def their_issue() -> str:
            t = int(time.time())
            claims = {"iss": ISS, "sub": "s", "aud": AUD, "iat": t, "exp": t + 300, "jti": "x"}
            return jwt.encode(claims, private_pem, algorithm=alg, headers={"kid": "k1"})

        ta = per_call(lambda: ti.issue(subject="s", audience=AUD, ttl=300), 2_000)
        tb = per_call(their_issue, 200)
        print(f"{'issue ' + name:<40}{ta * 1e6:>10.1f}us{tb * 1e6:>10.1f}us{ta / tb:>14.3f}x")


if __name__ == "__main__":
    main()

"""Type-checks the P-256 and key-encoding API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

from typing import Literal

import credkit


def p256_and_encodings() -> None:
    ek: credkit.P256SigningKey = credkit.P256SigningKey.generate()
    ek2 = credkit.P256SigningKey.from_pem(ek.to_pem())
    vk: credkit.P256VerifyingKey = ek2.verifying_key
    sig: bytes = ek.sign(b"m")
    ok: Literal[True] = credkit.P256VerifyingKey.from_jwk(vk.to_jwk()).verify("m", sig)
    vk2 = credkit.P256VerifyingKey.from_pem(vk.to_pem())
    vk3 = credkit.P256VerifyingKey.from_bytes(vk.to_bytes())
    sk = credkit.SigningKey.from_pem(credkit.SigningKey.generate().to_pem())
    ed: credkit.VerifyingKey = credkit.VerifyingKey.from_jwk(sk.verifying_key.to_jwk())
    ed2 = credkit.VerifyingKey.from_pem(ed.to_pem())
    thumb: str = vk.key_id
    assert ok and vk2 == vk3 and ed == ed2 and thumb and credkit.P256SigningKey.from_bytes(ek.to_bytes())

"""Type-checks the sign API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import io
from typing import Literal

import credkit


def keys_and_signatures() -> None:
    sk: credkit.SigningKey = credkit.SigningKey.generate()
    sk2 = credkit.SigningKey.from_bytes(sk.to_bytes())
    vk: credkit.VerifyingKey = sk2.verifying_key
    vk2 = credkit.VerifyingKey.from_bytes(vk.to_bytes())
    sig: bytes = sk.sign(b"message")
    sig_text: bytes = sk.sign("message")
    ok: Literal[True] = vk2.verify(b"message", sig)
    ok2: Literal[True] = vk2.verify("message", sig_text)
    kid: str = vk.key_id
    assert ok and ok2 and kid and vk == vk2 and hash(vk) == hash(vk2)


def batches() -> None:
    sk = credkit.SigningKey.generate()
    sigs: list[bytes] = credkit.sign_batch(sk, [b"a", "b"])
    pk = sk.verifying_key.to_bytes()
    results: list[bool] = credkit.verify_batch(
        [(pk, b"a", sigs[0]), (sk.verifying_key, "b", sigs[1])]
    )
    assert all(results)


def documents() -> None:
    sk = credkit.SigningKey.generate()
    sig: bytes = sk.sign_document(io.BytesIO(b"doc"), context=b"sanad")
    sig2: bytes = sk.sign_document(b"doc")
    ok: Literal[True] = sk.verifying_key.verify_document(b"doc", sig, context=b"sanad")
    assert ok and sig2

"""What the Dask and Spark examples run on each partition: issue typical
national-ID credentials, and check them with ``CredentialVerifier.check_many``.

The engines only move rows around; everything credkit does is here, so the
two examples (and ``python/tests/test_dask_pipeline.py``) issue and count the
same thing. Every input is fixed (keys, clock, which rows are spoiled), so the
counts per code are exact and known in advance: :func:`expected_counts`.

Some rows are spoiled on purpose, so that the count shows several codes:

========  ==================================================  ===============
``i % 50``  what happens to credential ``i``                   code
========  ==================================================  ===============
1         revoked in the status list the verifier loads        ``revoked``
2         suspended in that list                               ``suspended``
3         issued with a one-minute validity a day earlier      ``expired``
4         signed by another key under the trusted key id       ``bad_signature``
5         issued under a key id the verifier does not trust    ``unknown_key``
6         one Base45 character of the QR text changed          ``malformed``
========  ==================================================  ===============

Shipping issuers and verifiers to workers: the engines pickle what a task
refers to. ``IssuerRecipe`` and ``VerifierRecipe`` carry only key bytes and
the status-list token, and build the credkit objects in the worker (once per
process, cached). Once ``CredentialIssuer`` and ``CredentialVerifier`` pickle,
pass the objects themselves: ``ship`` picks the objects when they pickle,
and ``materialize`` accepts either.
"""

from __future__ import annotations

import dataclasses
import functools
import pickle
from collections import Counter
from collections.abc import Iterable
from typing import Union

import credkit

#: The issuer's clock when it issues, and the verifier's when it checks.
ISSUED_AT = 1_700_000_000
CHECKED_AT = ISSUED_AT + 86_400
TTL = 5 * 365 * 86_400

KEY_ID = "kid-1"
ISSUER = "example-authority"
#: Fixed seeds so that every run issues byte-identical credentials.
SEED = bytes(range(32))
FORGER_SEED = bytes(range(100, 132))
RETIRED_SEED = bytes(range(200, 232))

SPOIL_EVERY = 50
REVOKED, SUSPENDED, EXPIRED, FORGED, UNTRUSTED, TAMPERED = 1, 2, 3, 4, 5, 6


def request(i: int) -> dict[str, object]:
    """Credential ``i``: a handful of short attributes, as an ID card has."""
    return {
        "subject": f"10{i:08d}",
        "ttl": TTL,
        "version": 1,
        "status_index": i,
        "attributes": {
            "name": "Juan Español García",
            "birth_date": "1990-01-31",
            "nationality": "ESP",
            "document": f"{i:08d}Z",
        },
    }


def expected_code(i: int) -> str:
    """The code ``check_many`` gives credential ``i``."""
    return {
        REVOKED: "revoked",
        SUSPENDED: "suspended",
        EXPIRED: "expired",
        FORGED: "bad_signature",
        UNTRUSTED: "unknown_key",
        # Decoding (Base45, then the zlib stream's checksum) rejects the
        # text before the signature is looked at.
        TAMPERED: "malformed",
    }.get(i % SPOIL_EVERY, "valid")


def expected_counts(count: int) -> dict[str, int]:
    """Credentials per code for ``range(count)``, most frequent first."""
    return dict(Counter(expected_code(i) for i in range(count)).most_common())


@dataclasses.dataclass(frozen=True)
class IssuerRecipe:
    """What a worker needs to build the issuers: key seeds and names."""

    seed: bytes = SEED
    key_id: str = KEY_ID
    issuer: str = ISSUER

    def build(self) -> credkit.CredentialIssuer:
        return credkit.CredentialIssuer(
            credkit.SigningKey.from_bytes(self.seed), key_id=self.key_id, issuer=self.issuer
        )


@dataclasses.dataclass(frozen=True)
class VerifierRecipe:
    """What a worker needs to build the verifier: trusted public keys and
    the signed status-list token."""

    keys: tuple[tuple[str, bytes], ...]
    status_list: bytes

    def build(self) -> credkit.CredentialVerifier:
        verifier = credkit.CredentialVerifier(
            {ISSUER: {kid: credkit.VerifyingKey.from_bytes(raw) for kid, raw in self.keys}}
        )
        verifier.load_status_list(self.status_list, now=CHECKED_AT)
        return verifier


Shippable = Union[IssuerRecipe, VerifierRecipe, credkit.CredentialIssuer, credkit.CredentialVerifier]


@functools.lru_cache(maxsize=8)
def _built(recipe: IssuerRecipe | VerifierRecipe) -> object:
    # Once per worker process and recipe, not once per partition.
    return recipe.build()


def materialize(shipped: Shippable):  # type: ignore[no-untyped-def]
    """The credkit object a task received, or the one its recipe builds."""
    if isinstance(shipped, (IssuerRecipe, VerifierRecipe)):
        return _built(shipped)
    return shipped


def status_list_token(count: int) -> bytes:
    """The status list the issuer publishes for ``range(count)``."""
    statuses = credkit.StatusList(max(count, 1))
    for i in range(count):
        code = expected_code(i)
        if code in ("revoked", "suspended"):
            statuses.set(i, code)
    return IssuerRecipe().build().issue_status_list(
        statuses, version=1, ttl=7 * 86_400, now=ISSUED_AT
    )


def verifier_recipe(count: int) -> VerifierRecipe:
    """The verifier's trust list (the issuer's current key only) and status list."""
    public = credkit.SigningKey.from_bytes(SEED).verifying_key.to_bytes()
    return VerifierRecipe(keys=((KEY_ID, public),), status_list=status_list_token(count))


def ship(recipe: IssuerRecipe | VerifierRecipe) -> Shippable:
    """What the pipelines send to their workers for ``recipe``: the credkit
    object itself if this credkit pickles it, else the recipe (key bytes,
    built in the worker). Where credkit is known to pickle them, this is
    just ``return recipe.build()``.
    """
    built = recipe.build()
    try:
        pickle.dumps(built)
    except TypeError:  # a credkit without pickling for this class
        return recipe
    return built


def _tamper(qr: str, i: int) -> str:
    # Change one Base45 character in the middle (inside the signed bytes),
    # to another character that keeps the text decodable.
    pos = len(qr) // 2 + i % 7
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    old = qr[pos]
    new = alphabet[(alphabet.index(old) + 1) % len(alphabet)] if old in alphabet else "0"
    return qr[:pos] + new + qr[pos + 1 :]


def issue_range(issuer: Shippable, start: int, stop: int) -> list[str]:
    """QR texts of credentials ``start..stop``, spoiled as the table above says."""
    main = materialize(issuer)
    indices = range(start, stop)
    out: list[str] = main.issue_many([request(i) for i in indices], now=ISSUED_AT)
    spoiled = {
        EXPIRED: [i for i in indices if i % SPOIL_EVERY == EXPIRED],
        FORGED: [i for i in indices if i % SPOIL_EVERY == FORGED],
        UNTRUSTED: [i for i in indices if i % SPOIL_EVERY == UNTRUSTED],
    }
    issuers = {
        EXPIRED: main,
        FORGED: _built(IssuerRecipe(seed=FORGER_SEED)),
        UNTRUSTED: _built(IssuerRecipe(seed=RETIRED_SEED, key_id="kid-retired")),
    }
    for kind, which in spoiled.items():
        reqs = [request(i) for i in which]
        now = ISSUED_AT
        if kind == EXPIRED:
            reqs = [dict(r, ttl=60) for r in reqs]
            now = ISSUED_AT - 86_400
        for i, qr in zip(which, issuers[kind].issue_many(reqs, now=now)):
            out[i - start] = qr
    for i in indices:
        if i % SPOIL_EVERY == TAMPERED:
            out[i - start] = _tamper(out[i - start], i)
    return out


def check(verifier: Shippable, qrs: Iterable[str]) -> list[str]:
    """``"valid"`` or the error code, one per QR text."""
    return materialize(verifier).check_many(qrs, now=CHECKED_AT)

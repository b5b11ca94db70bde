"""Pickling and copy.deepcopy: objects behave the same after the round trip
(process pools, Dask and Spark send them to workers this way)."""

from __future__ import annotations

import copy
import pickle

import pytest

import credkit


def round_trips(obj):
    return [pickle.loads(pickle.dumps(obj, protocol=p)) for p in (2, pickle.HIGHEST_PROTOCOL)] + [
        copy.deepcopy(obj),
        copy.copy(obj),
    ]


class TestKeys:
    def test_signing_key_pickles_as_its_seed(self):
        """A SigningKey pickles as its seed, like PyNaCl's, and signs the same after."""
        nacl = pytest.importorskip("nacl.signing")
        seed = bytes(range(32))
        sk = credkit.SigningKey.from_bytes(seed)
        assert seed in pickle.dumps(sk)
        assert seed in pickle.dumps(nacl.SigningKey(seed))  # PyNaCl does the same
        for copy_ in round_trips(sk):
            assert copy_.to_bytes() == seed
            assert copy_.sign(b"m") == sk.sign(b"m")

    def test_verifying_key(self):
        """A VerifyingKey is equal after the round trip and verifies the same."""
        sk = credkit.SigningKey.generate()
        vk = sk.verifying_key
        for copy_ in round_trips(vk):
            assert copy_ == vk
            assert copy_.verify(b"m", sk.sign(b"m"))

    def test_p256_keys(self):
        """P-256 keys pickle as their scalar and point and keep working."""
        sk = credkit.P256SigningKey.generate()
        for copy_ in round_trips(sk):
            assert copy_.to_bytes() == sk.to_bytes()
            assert sk.verifying_key.verify(b"m", copy_.sign(b"m"))
        for copy_ in round_trips(sk.verifying_key):
            assert copy_ == sk.verifying_key


class TestRecords:
    def test_code_record(self):
        """A CodeRecord redeems the same after the round trip, and the copy is independent."""
        ci = credkit.CodeIssuer(bytes(32), ttl_seconds=600)
        code, record = ci.issue(subject="1", purpose="p", now=1000)
        copies = round_trips(record)
        for copy_ in copies:
            assert copy_.to_bytes() == record.to_bytes()
        ci.redeem(copies[0], code, subject="1", purpose="p", now=1001)
        with pytest.raises(credkit.VerificationError):
            ci.redeem(copies[0], code, subject="1", purpose="p", now=1002)
        ci.redeem(record, code, subject="1", purpose="p", now=1001)  # the original is untouched

    def test_breach_filter(self):
        """A BreachFilter answers the same after the round trip."""
        bf = credkit.BreachFilter.from_passwords(["password1", "qwerty123"])
        for copy_ in round_trips(bf):
            assert copy_.contains("password1") and not copy_.contains("unlisted-Pw9!")

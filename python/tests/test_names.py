"""One spelling per idea, with the older Python names kept working.

A credential's holder data is ``attributes`` (as in Rust; ``claims`` is
its older Python name). Lifetimes are ``ttl`` (seconds) everywhere: ``CodeIssuer(ttl_seconds=)``,
``ApprovalIssuer(ttl_seconds=)`` and ``CredentialIssuer.issue(valid_for=)``
still work and give the same objects. Batch calls are ``*_many``:
``sign_batch``/``verify_batch`` are the same functions under their older
names.
"""

from __future__ import annotations

import pytest

import credkit

NOW = 1_750_000_000


def test_code_issuer_ttl_and_its_older_name():
    new = credkit.CodeIssuer(b"k" * 32, ttl=600)
    old = credkit.CodeIssuer(b"k" * 32, ttl_seconds=600)
    positional = credkit.CodeIssuer(b"k" * 32, 6, 600)
    assert new.ttl == old.ttl == positional.ttl == old.ttl_seconds == 600
    assert credkit.CodeIssuer(b"k" * 32).ttl == 14400
    _, record = new.issue("user", "activation", now=NOW)
    assert record.expires_at == NOW + 600
    with pytest.raises(credkit.InvalidInput, match="not both"):
        credkit.CodeIssuer(b"k" * 32, ttl=600, ttl_seconds=600)


def test_approval_issuer_ttl_and_its_older_name():
    new = credkit.ApprovalIssuer(b"k" * 32, ttl=90)
    old = credkit.ApprovalIssuer(b"k" * 32, ttl_seconds=90)
    assert new.ttl == old.ttl == old.ttl_seconds == 90
    assert credkit.ApprovalIssuer(b"k" * 32).ttl == 120
    assert new.request("u", "portal", now=NOW).expires_at == NOW + 90
    with pytest.raises(credkit.InvalidInput, match="not both"):
        credkit.ApprovalIssuer(b"k" * 32, ttl=90, ttl_seconds=90)


def test_credential_ttl_and_valid_for():
    sk = credkit.SigningKey.generate()
    issuer = credkit.CredentialIssuer(sk, key_id="k1", issuer="authority")
    verifier = credkit.CredentialVerifier({"k1": sk.verifying_key})
    new = issuer.issue(subject="1", ttl=3600, now=NOW)
    old = issuer.issue(subject="1", valid_for=3600, now=NOW)
    for qr in (new, old):
        assert verifier.verify(qr, now=NOW).expires_at == NOW + 3600
    many = issuer.issue_many([{"subject": "2", "ttl": 60}, {"subject": "3", "valid_for": 60}], now=NOW)
    assert [verifier.verify(q, now=NOW).expires_at for q in many] == [NOW + 60, NOW + 60]
    with pytest.raises(credkit.InvalidInput, match="not both"):
        issuer.issue(subject="1", ttl=1, valid_for=1, now=NOW)
    with pytest.raises(credkit.InvalidInput, match="ttl is required"):
        issuer.issue(subject="1", now=NOW)
    with pytest.raises(credkit.InvalidInput, match="request 1"):
        issuer.issue_many([{"subject": "2", "ttl": 60}, {"subject": "3"}], now=NOW)


def test_credential_attributes_and_claims():
    sk = credkit.SigningKey.generate()
    issuer = credkit.CredentialIssuer(sk, key_id="k1", issuer="authority")
    verifier = credkit.CredentialVerifier({"k1": sk.verifying_key})
    new = issuer.issue(subject="1", attributes={"name": "Ali"}, ttl=60, now=NOW)
    old = issuer.issue(subject="1", claims={"name": "Ali"}, ttl=60, now=NOW)
    for qr in (new, old):
        cred = verifier.verify(qr, now=NOW)
        assert cred.attributes == cred.claims == {"name": "Ali"}
    many = issuer.issue_many(
        [{"subject": "2", "ttl": 60, "attributes": {"a": 1}}, {"subject": "3", "ttl": 60, "claims": {"a": 1}}],
        now=NOW,
    )
    assert [verifier.verify(q, now=NOW).attributes for q in many] == [{"a": 1}, {"a": 1}]
    with pytest.raises(credkit.InvalidInput, match="not both"):
        issuer.issue(subject="1", attributes={}, claims={}, ttl=60, now=NOW)


def test_batch_functions_are_many_with_older_names():
    assert credkit.sign_batch is credkit.sign_many
    assert credkit.verify_batch is credkit.verify_many
    sk = credkit.SigningKey.generate()
    sigs = credkit.sign_many(sk, [b"a", b"b"])
    vk = sk.verifying_key.to_bytes()
    assert credkit.verify_many([(vk, b"a", sigs[0]), (vk, b"x", sigs[1])]) == [True, False]
    assert "sign_many" in credkit.__all__ and "sign_batch" in credkit.__all__

"""API details: otpauth account and issuer (checked against pyotp), datetime
times (checked against pyotp and PyJWT), real defaults in inspect.signature,
and the column forms of PasswordPolicy.check_many and
PasswordHasher.verify_many."""

from __future__ import annotations

import datetime as dt
import inspect
import sys

import pytest

import credkit

UTC = dt.timezone.utc
NOW = 1_760_000_000
SECRET32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class TestUriLabels:
    URIS = [
        f"otpauth://totp/Example:alice@google.com?secret={SECRET32}&issuer=Example",
        f"otpauth://totp/alice@google.com?secret={SECRET32}",
        f"otpauth://totp/ACME%20Co:john.doe@email.com?secret={SECRET32}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
        f"otpauth://totp/Big%20Corp:bob?secret={SECRET32}",
        f"otpauth://totp/bob?secret={SECRET32}&issuer=Gobierno%20de%20Espa%C3%B1a",
    ]

    @pytest.mark.parametrize("uri", URIS)
    def test_totp_matches_pyotp_parse_uri(self, uri):
        """Totp.from_uri gives the account and issuer pyotp.parse_uri gives as name and issuer."""
        pyotp = pytest.importorskip("pyotp")
        try:
            theirs = pyotp.parse_uri(uri)
        except ValueError:
            with pytest.raises(credkit.InvalidInput):
                credkit.Totp.from_uri(uri)
            return
        ours = credkit.Totp.from_uri(uri)
        assert (ours.account, ours.issuer) == (theirs.name, theirs.issuer)
        assert ours.at(NOW) == theirs.at(NOW)

    def test_spaces_after_the_colon(self):
        """Spaces before the account name are dropped, as the Key Uri Format allows (pyotp keeps them)."""
        pyotp = pytest.importorskip("pyotp")
        uri = f"otpauth://totp/Sanad:%20%20alice?secret={SECRET32}&issuer=Sanad"
        ours = credkit.Totp.from_uri(uri)
        theirs = pyotp.parse_uri(uri)
        assert (ours.account, ours.issuer) == (theirs.name.lstrip(" "), theirs.issuer) == ("alice", "Sanad")

    def test_hotp_matches_pyotp(self):
        """Hotp.from_uri gives the account, issuer and counter pyotp gives."""
        pyotp = pytest.importorskip("pyotp")
        uri = f"otpauth://hotp/Nafath:1012345678?secret={SECRET32}&issuer=Nafath&counter=7"
        theirs = pyotp.parse_uri(uri)
        ours, counter = credkit.Hotp.from_uri(uri)
        assert (ours.account, ours.issuer, counter) == (theirs.name, theirs.issuer, theirs.initial_count)

    def test_uri_defaults_to_the_stored_label(self):
        """uri() without arguments writes back the parsed account and issuer."""
        t = credkit.Totp.from_uri(self.URIS[0])
        again = credkit.Totp.from_uri(t.uri())
        assert (again.account, again.issuer) == ("alice@google.com", "Example")
        assert credkit.Totp.from_uri(t.uri(account="carol")).account == "carol"
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp(SECRET32).uri()  # no account anywhere
        assert (credkit.Totp(SECRET32).account, credkit.Totp(SECRET32).issuer) == (None, None)


class TestDatetimes:
    def test_totp_matches_pyotp_for_aware_datetimes(self):
        """An aware datetime gives the code pyotp gives for it, in any timezone."""
        pyotp = pytest.importorskip("pyotp")
        t = credkit.Totp(SECRET32)
        theirs = pyotp.TOTP(SECRET32)
        for when in (
            dt.datetime(2026, 11, 27, 16, 0, 29, 999999, tzinfo=UTC),
            dt.datetime(2026, 11, 27, 19, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
            dt.datetime(2030, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
        ):
            assert t.at(when) == theirs.at(when) == t.at(int(when.timestamp()))
            assert t.verify(theirs.at(when), at=when) == t.step(when)

    def test_naive_datetime_is_refused(self):
        """A naive datetime raises InvalidInput (pyotp reads it as local time, PyJWT as UTC)."""
        t = credkit.Totp(SECRET32)
        with pytest.raises(credkit.InvalidInput) as e:
            t.at(dt.datetime(2026, 1, 1))
        assert e.value.code == "invalid_argument"
        with pytest.raises(credkit.InvalidInput) as e:
            t.at(dt.datetime(1960, 1, 1, tzinfo=UTC))
        assert e.value.code == "out_of_range"

    def test_every_now_accepts_datetimes(self):
        """Issuers and verifiers accept now= as an aware datetime, with the same result as the int."""
        when = dt.datetime.fromtimestamp(NOW, UTC)
        sk = credkit.SigningKey.generate()
        iss = credkit.CredentialIssuer(sk, key_id="k", issuer="a")
        qr = iss.issue(subject="1", valid_for=60, not_before=when, now=when)
        ver = credkit.CredentialVerifier({"k": sk.verifying_key})
        cred = ver.verify(qr, now=when + dt.timedelta(seconds=30))
        assert cred.issued_at == NOW and cred.not_before == NOW
        assert ver.check_many([qr], now=when + dt.timedelta(hours=1)) == ["expired"]
        assert iss.issue_many([{"subject": "1", "valid_for": 60}], now=when) != []

        ci = credkit.CodeIssuer(b"k" * 32, ttl_seconds=60)
        code, record = ci.issue(subject="s", purpose="p", now=when)
        assert record.issued_at == NOW
        with pytest.raises(credkit.VerificationError) as e:
            ci.redeem(record, code, subject="s", purpose="p", now=when + dt.timedelta(minutes=5))
        assert e.value.code == "expired"

        # PyJWT reads an aware datetime the same way for its own claims.
        jwt = pytest.importorskip("jwt")
        ti = credkit.TokenIssuer(sk, key_id="k", issuer="https://i")
        tok = ti.issue(subject="s", audience="https://a", ttl=300, now=when)
        assert jwt.decode(tok, options={"verify_signature": False})["iat"] == NOW
        tv = credkit.TokenVerifier(ti.jwks(), issuer="https://i", audience="https://a")
        assert tv.verify(tok, now=when).issued_at == NOW

        ai = credkit.ApprovalIssuer(b"a" * 32)
        assert ai.request(subject="1", service="s", now=when).issued_at == NOW


def public_callables():
    """Every public function, constructor, method and static method of credkit."""
    for name in dir(credkit):
        if name.startswith("_"):
            continue
        obj = getattr(credkit, name)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            yield name, obj
            for attr, member in vars(obj).items():
                if attr.startswith("_") or isinstance(member, property):
                    continue
                target = getattr(obj, attr)
                if callable(target) and not isinstance(member, type(credkit.Totp.digits)):
                    yield f"{name}.{attr}", target
        elif callable(obj):
            yield name, obj


class TestSignatures:
    def test_no_default_is_ellipsis(self):
        """inspect.signature of every public callable shows real defaults, never `...`."""
        checked = 0
        for name, fn in public_callables():
            try:
                sig = inspect.signature(fn)
            except (TypeError, ValueError):
                if inspect.isclass(fn) and (
                    getattr(fn, "__text_signature__", None) is None or sys.version_info < (3, 10)
                ):
                    continue  # no constructor, or an abi3 class before 3.10 (pyo3 limit)
                pytest.fail(f"{name} has no signature")
            for p in sig.parameters.values():
                assert p.default is not Ellipsis, f"{name}({p.name}=...)"
            checked += 1
        assert checked > 60

    @pytest.mark.skipif(sys.version_info < (3, 10), reason="abi3 classes have no signature before 3.10 (pyo3)")
    def test_constructor_defaults_are_what_the_object_gets(self):
        """Where a constructor default is readable back as an attribute, the object built without it has it."""
        made = {
            credkit.PasswordHasher: credkit.PasswordHasher(),
            credkit.Totp: credkit.Totp(b"k" * 20),
            credkit.Hotp: credkit.Hotp(b"k" * 20),
            credkit.CodeIssuer: credkit.CodeIssuer(b"k" * 32),
            credkit.ApprovalIssuer: credkit.ApprovalIssuer(b"k" * 32),
            credkit.CredentialVerifier: credkit.CredentialVerifier({}),
            credkit.PasswordPolicy: credkit.PasswordPolicy(),
        }
        compared = 0
        for cls, obj in made.items():
            for p in inspect.signature(cls).parameters.values():
                if p.default is not inspect.Parameter.empty and p.default is not None and hasattr(obj, p.name):
                    assert getattr(obj, p.name) == p.default, f"{cls.__name__}.{p.name}"
                    compared += 1
        assert compared >= 12

    @pytest.mark.skipif(sys.version_info < (3, 10), reason="abi3 classes have no signature before 3.10 (pyo3)")
    def test_some_defaults_are_the_documented_ones(self):
        """A few defaults read from inspect.signature match DESIGN.md."""
        sig = inspect.signature(credkit.Totp)
        assert (sig.parameters["digits"].default, sig.parameters["period"].default) == (6, 30)
        assert inspect.signature(credkit.Totp.verify).parameters["window"].default == 1
        sig = inspect.signature(credkit.PasswordHasher)
        assert (sig.parameters["memory_kib"].default, sig.parameters["iterations"].default) == (19456, 2)
        sig = inspect.signature(credkit.CodeIssuer)
        assert (sig.parameters["ttl_seconds"].default, sig.parameters["max_attempts"].default) == (14400, 5)
        assert inspect.signature(credkit.ApprovalIssuer).parameters["ttl_seconds"].default == 120


class TestCheckMany:
    def test_same_as_check(self):
        """check_many gives, per row, what check gives, with per-row context."""
        p = credkit.PasswordPolicy.clave()
        pwds = ["Juan-Lopez-2024!", "password", "Tortuga-Veloz-9!", b"Abc!1", "x"]
        ctx = [["Juan", "Lopez"], None, ["Ana"], [], ("x",)]
        expected = [p.check(pw, context=list(c or [])) for pw, c in zip(pwds, ctx)]
        assert p.check_many(pwds, ctx) == expected
        assert p.check_many(pwds) == [p.check(pw) for pw in pwds]
        assert p.check_many([]) == []

    def test_columns_and_progress(self):
        """numpy arrays and pandas Series work as columns; progress reaches the total."""
        np = pytest.importorskip("numpy")
        p = credkit.PasswordPolicy.nist()
        pwds = ["aaaaaaaaaaaaaaaaaaaa", "Tortuga-Veloz-Azul-9"] * 50
        seen = []
        got = p.check_many(np.array(pwds, dtype=object), progress=lambda d, t: seen.append((d, t)))
        assert [[v.code for v in r] for r in got[:2]] == [["repetitive"], []]
        assert seen[-1] == (100, 100)
        pd = pytest.importorskip("pandas")
        assert p.check_many(pd.Series(pwds)) == got

    def test_bad_rows_name_their_index(self):
        """A bad password or context row raises InvalidInput naming its index."""
        p = credkit.PasswordPolicy.clave()
        with pytest.raises(TypeError, match=r"passwords\[1\]"):
            p.check_many(["ok", 3])
        with pytest.raises(credkit.InvalidInput, match=r"context\[0\]"):
            p.check_many(["a"], ["Juan"])  # a str, not a list of words
        with pytest.raises(credkit.InvalidInput, match="length"):
            p.check_many(["a", "b"], [[]])


class TestVerifyManyColumns:
    def test_columns_equal_rows(self):
        """hashes=/passwords= columns give what the pairs give."""
        h = credkit.PasswordHasher(memory_kib=1024, iterations=1)
        hashes = [h.hash("a"), h.hash("b"), "not a hash"]
        passwords = ["a", "x", "a"]
        rows = h.verify_many(list(zip(hashes, passwords)))
        assert rows == [True, False, False]
        assert h.verify_many(hashes=hashes, passwords=passwords) == rows
        np = pytest.importorskip("numpy")
        assert h.verify_many(hashes=np.array(hashes, dtype=object), passwords=np.array(passwords, dtype=object)) == rows
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame({"hash": hashes, "pw": passwords})
        assert h.verify_many(hashes=df["hash"], passwords=df["pw"]) == rows

    def test_mistakes(self):
        """Columns of different lengths, or both forms at once, raise InvalidInput."""
        h = credkit.PasswordHasher(memory_kib=1024, iterations=1)
        with pytest.raises(credkit.InvalidInput, match="length"):
            h.verify_many(hashes=["a"], passwords=[])
        with pytest.raises(credkit.InvalidInput):
            h.verify_many([("a", "b")], hashes=["a"], passwords=["b"])
        with pytest.raises(credkit.InvalidInput):
            h.verify_many()

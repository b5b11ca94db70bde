"""Tests for credkit.PasswordPolicy, Violation, BreachFilter and normalize_national_id."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import credkit

ALL_CODES = {
    "too_short",
    "too_long",
    "missing_lowercase",
    "missing_uppercase",
    "missing_digit",
    "missing_symbol",
    "blocklisted",
    "contains_context",
    "repetitive",
    "sequential",
    "not_digits",
    "reused",
}


def codes(policy: credkit.PasswordPolicy, password: str | bytes, **kw: object) -> list[str]:
    return [v.code for v in policy.check(password, **kw)]  # type: ignore[arg-type]


class TestClave:
    """The Cl@ve Permanente preset."""

    def test_accepts_good_password(self) -> None:
        """A password meeting every Cl@ve rule has no violations."""
        assert credkit.PasswordPolicy.clave().check("Río-Tajo;Nube7", context=["Juan"]) == []

    def test_reports_every_violation(self) -> None:
        """All broken rules are reported, not only the first."""
        got = codes(credkit.PasswordPolicy.clave(), "juan2024", context=["Juan", "12345678Z"])
        assert got == ["missing_uppercase", "missing_symbol", "blocklisted", "contains_context"]

    def test_violation_fields(self) -> None:
        """A violation has a stable code, an English message and its parameters."""
        (v,) = [v for v in credkit.PasswordPolicy.clave().check("Ab1!") if v.code == "too_short"]
        assert v.params == {"min": 8}
        assert "8" in v.message
        assert str(v) == v.message
        assert "too_short" in repr(v)

    def test_symbol_set(self) -> None:
        """Only Cl@ve's special characters count as symbols, and the set is in the params."""
        (v,) = credkit.PasswordPolicy.clave().check("Sol~luna^7")
        assert v.code == "missing_symbol"
        assert v.params["symbols"] == "¡!$?%&#@/\\()=¿*[];,:._<>+-"
        assert credkit.PasswordPolicy.clave().check("Sol¿luna^7") == []

    def test_waiver_from_sixteen(self) -> None:
        """From 16 code points the class rules are waived."""
        assert credkit.PasswordPolicy.clave().check("ñandúñandúñandúx") == []

    def test_context_accent_insensitive(self) -> None:
        """Context words match case- and accent-insensitively."""
        got = codes(credkit.PasswordPolicy.clave(), "GARCIA#Rio77", context=["García Núñez"])
        assert got == ["contains_context"]

    def test_previous_hash(self) -> None:
        """The previous password is refused through its stored Argon2id hash."""
        argon2 = pytest.importorskip("argon2")
        phc = argon2.PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash("Río-Tajo;Nube7")
        policy = credkit.PasswordPolicy.clave()
        assert codes(policy, "Río-Tajo;Nube7", previous_hash=phc) == ["reused"]
        assert codes(policy, "Río-Tajo;Nube8", previous_hash=phc) == []

    def test_previous_hash_with_peppered_hasher(self) -> None:
        """The service's own hasher, with its pepper, verifies the previous hash."""
        hasher = credkit.PasswordHasher(64, 1, 1, pepper=b"k" * 32, pepper_id="2026")
        phc = hasher.hash("Río-Tajo;Nube7")
        policy = credkit.PasswordPolicy.clave()
        assert codes(policy, "Río-Tajo;Nube7", previous_hash=phc, hasher=hasher) == ["reused"]
        assert codes(policy, "Río-Tajo;Nube8", previous_hash=phc, hasher=hasher) == []
        with pytest.raises(credkit.InvalidInput):
            policy.check("Río-Tajo;Nube7", previous_hash=phc)  # default hasher lacks the pepper

    def test_malformed_previous_hash(self) -> None:
        """A malformed stored hash raises InvalidInput."""
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordPolicy.clave().check("Río-Tajo;Nube7", previous_hash="nope")

    def test_bytes_password(self) -> None:
        """A password may be given as UTF-8 bytes, and invalid UTF-8 is refused."""
        assert credkit.PasswordPolicy.clave().check("Río-Tajo;Nube7".encode()) == []
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordPolicy.clave().check(b"\xff\xfe")


class TestNist:
    """The NIST SP 800-63B-4 preset."""

    def test_lengths(self) -> None:
        """Single factor needs 15 code points, multi-factor 8, and 64 are allowed."""
        assert codes(credkit.PasswordPolicy.nist(), "short but fine") == ["too_short"]
        assert credkit.PasswordPolicy.nist(multi_factor=True).check("río-nube9") == []
        assert credkit.PasswordPolicy.nist().max_length >= 64
        assert credkit.PasswordPolicy.nist().min_length == 15

    def test_no_composition_rules(self) -> None:
        """A long lowercase passphrase is accepted."""
        assert credkit.PasswordPolicy.nist().check("tortuga veloz y roja") == []

    def test_repetitive_and_sequential(self) -> None:
        """Repeated characters and keyboard or alphabet runs are refused."""
        nist = credkit.PasswordPolicy.nist()
        assert codes(nist, "aaaatortugaveloz") == ["repetitive"]
        assert codes(nist, "tortugaveloz4321") == ["sequential"]
        assert codes(nist, "tortugaqwertyveloz") == ["sequential"]

    def test_blocklist_base_word(self) -> None:
        """The blocklist matches the base word with digits and symbols stripped."""
        assert "blocklisted" in codes(credkit.PasswordPolicy.nist(multi_factor=True), "Password2024!!")


class TestPin:
    """The transaction PIN preset."""

    @pytest.mark.parametrize(
        ("pin", "expected"),
        [
            ("582917", []),
            ("58291", ["too_short"]),
            ("58a917", ["not_digits"]),
            ("111111", ["blocklisted", "repetitive"]),
            ("901234", ["sequential"]),
            ("381381", ["repetitive"]),
        ],
    )
    def test_table(self, pin: str, expected: list[str]) -> None:
        """Each PIN rule yields its exact code."""
        assert codes(credkit.PasswordPolicy.pin(), pin) == expected

    def test_length_parameter(self) -> None:
        """The PIN length is a parameter with bounds."""
        assert credkit.PasswordPolicy.pin(length=4).check("5829") == []
        with pytest.raises(ValueError):
            credkit.PasswordPolicy.pin(length=2)


class TestCustomPolicy:
    """Policies built from keyword arguments."""

    def test_k_of_n(self) -> None:
        """Three of four classes, each missing class with its own code."""
        p = credkit.PasswordPolicy(
            min_length=8, require=["lowercase", "uppercase", "digit", "symbol"], min_classes=3
        )
        assert p.check("abcdefgH1") == []
        got = p.check("abcdefgh!")
        assert [v.code for v in got] == ["missing_uppercase", "missing_digit"]
        assert got[0].params == {"required": 3, "of": 4}

    def test_extra_blocklist(self) -> None:
        """Extra blocklist words are matched like the embedded list."""
        p = credkit.PasswordPolicy(extra_blocklist=["Sanad"])
        assert codes(p, "SANAD2024!") == ["blocklisted"]

    def test_unknown_class(self) -> None:
        """An unknown class name raises InvalidInput."""
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordPolicy(require=["emoji"])  # type: ignore[list-item]

    def test_inconsistent_parameters(self) -> None:
        """A minimum above the maximum is refused."""
        with pytest.raises(ValueError):
            credkit.PasswordPolicy(min_length=10, max_length=5)

    def test_codes_are_the_contract(self) -> None:
        """Every code a check can return is one of the documented codes."""
        policies = [credkit.PasswordPolicy.clave(), credkit.PasswordPolicy.nist(), credkit.PasswordPolicy.pin()]
        for password in ["", "a", "aaaa", "abcd", "123456", "Password1!", "x" * 200, "٥٨٢٩١٧"]:
            for p in policies:
                assert {v.code for v in p.check(password, context=["abcd"])} <= ALL_CODES


class TestBreachFilter:
    """Breached-password filters built from Pwned Passwords files."""

    def test_pwned_file_roundtrip(self, tmp_path: Path) -> None:
        """A Pwned Passwords file builds a filter that saves, loads and finds its entries."""
        src = tmp_path / "pwned.txt"
        words = [f"leaked-{i}" for i in range(2000)]
        src.write_text(
            "".join(f"{hashlib.sha1(w.encode()).hexdigest().upper()}:{i + 1}\r\n" for i, w in enumerate(words))
        )
        f = credkit.BreachFilter.from_pwned_file(src)
        assert len(f) == 2000
        assert all(w in f for w in words)
        dst = tmp_path / "filter.bin"
        f.save(dst)
        g = credkit.BreachFilter.open(dst)
        assert g.to_bytes() == f.to_bytes()
        assert g.contains("leaked-7")
        policy = credkit.PasswordPolicy.nist().with_breach_filter(g)
        (b,) = [x for x in policy.check("leaked-1999") if x.code == "blocklisted"]
        assert b.params == {"source": "breached"}

    def test_corrupt_file_refused(self, tmp_path: Path) -> None:
        """Truncated, altered and foreign files raise InvalidInput."""
        data = credkit.BreachFilter.from_passwords(["a", "b", "c"]).to_bytes()
        for bad in [data[:-1], data[:10], b"", b"SHA1HEX:1\n", data[:40] + bytes([data[40] ^ 1]) + data[41:]]:
            with pytest.raises(credkit.InvalidInput):
                credkit.BreachFilter.from_bytes(bad)

    def test_malformed_pwned_line(self, tmp_path: Path) -> None:
        """A malformed input line raises InvalidInput naming the line."""
        src = tmp_path / "bad.txt"
        src.write_text("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:1\nnot a hash\n")
        with pytest.raises(credkit.InvalidInput, match="line 2"):
            credkit.BreachFilter.from_pwned_file(src)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file raises OSError."""
        with pytest.raises(OSError):
            credkit.BreachFilter.open(tmp_path / "missing.bin")


class TestNationalId:
    """normalize_national_id for ES, SA and JO."""

    @pytest.mark.parametrize(
        ("value", "country", "expected"),
        [
            ("12345678z", "ES", "12345678Z"),
            ("54362315-K", "ES", "54362315K"),
            ("x-2482300w", "ES", "X2482300W"),
            ("1000000008", "SA", "1000000008"),
            ("987-123-4567", "JO", "9871234567"),
        ],
    )
    def test_valid(self, value: str, country: str, expected: str) -> None:
        """Valid numbers come back normalised."""
        assert credkit.normalize_national_id(value, country) == expected

    @pytest.mark.parametrize(
        ("value", "country"),
        [
            ("12345678A", "ES"),
            ("x-2482300a", "ES"),
            ("1234567Z", "ES"),
            ("1000000000", "SA"),
            ("3000000008", "SA"),
            ("98712345", "JO"),
            ("12345678Z", "FR"),
        ],
    )
    def test_invalid(self, value: str, country: str) -> None:
        """Invalid numbers and unsupported countries raise InvalidInput."""
        with pytest.raises(credkit.InvalidInput):
            credkit.normalize_national_id(value, country)

    def test_spanish_against_stdnum(self) -> None:
        """DNI and NIE validation agrees with python-stdnum on many numbers."""
        dni = pytest.importorskip("stdnum.es.dni")
        nie = pytest.importorskip("stdnum.es.nie")
        for n in range(0, 100_000_000, 999_983):
            for letter in "TRWAGMYFPDXBNJZSQVHLCKE":
                value = f"{n:08d}{letter}"
                ours = _valid(value, "ES")
                assert ours == dni.is_valid(value), value
                nie_value = "XYZ"[n % 3] + value[1:]
                assert _valid(nie_value, "ES") == nie.is_valid(nie_value), nie_value


def _valid(value: str, country: str) -> bool:
    try:
        credkit.normalize_national_id(value, country)
    except credkit.InvalidInput:
        return False
    return True

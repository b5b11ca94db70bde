"""Writes the seed inputs of the fuzz corpora (fuzz/corpus/TARGET/seed-*).

Run with the credkit module installed (scripts/test.sh builds it into
.venv): `.venv/bin/python fuzz/seed_corpora.py`. The seeds are the inputs of
the field-hardening review's findings plus one well-formed input per format,
so every campaign starts from the interesting places; the corpora are then
grown by fuzzing and shrunk with `cargo fuzz cmin`.
"""

from __future__ import annotations

import pathlib

import argon2
import credkit

ROOT = pathlib.Path(__file__).resolve().parent / "corpus"
NOW = 1_760_000_000


def write(target: str, name: str, data: bytes | str) -> None:
    directory = ROOT / target
    directory.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (directory / f"seed-{name}").write_bytes(data)


def main() -> None:
    # otp_uri: the leading-space account that did not round-trip.
    write("otp_uri", "leading-space", "otpauth://totp/%20alice?secret=JBSWY3DPEHPK3PXP&issuer=Example")
    write(
        "otp_uri",
        "key-uri-format",
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
    )
    write("otp_uri", "hotp", "otpauth://hotp/ACME%20Co:john?secret=JBSWY3DPEHPK3PXP&counter=7&digits=8")

    # credential_qr: a credential the target's trusted key ("k", seed 1)
    # signed, with and without the newline a scanner appends; lowercase.
    issuer = credkit.CredentialIssuer(
        credkit.SigningKey.from_bytes(bytes([1]) * 32), key_id="k", issuer="example-authority"
    )
    qr = issuer.issue(subject="1012345678", claims={"name": "Test"}, valid_for=86_400, status_index=3, now=NOW)
    write("credential_qr", "valid", qr)
    write("credential_qr", "crlf", qr + "\r\n")
    write("credential_qr", "lowercase", "CK1:abc")
    other = credkit.CredentialIssuer(
        credkit.SigningKey.from_bytes(bytes([1]) * 32), key_id="k", issuer="authority-b"
    )
    write("credential_qr", "other-issuer", other.issue(subject="1", valid_for=86_400, now=NOW))

    # credential_status_list: a list token with a revoked entry.
    status = credkit.StatusList(64)
    status.set(0, "revoked")
    write("credential_status_list", "token", issuer.issue_status_list(status, version=2, ttl=3600, now=NOW))

    # password_phc: argon2-cffi's default hash (the downgrade finding), an
    # scrypt string with ln=64 (the overflow finding), and a bcrypt hash.
    write("password_phc", "argon2-cffi-default", argon2.PasswordHasher().hash("pw"))
    write("password_phc", "scrypt-ln64", "$scrypt$ln=64,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")
    write("password_phc", "bcrypt", "$2b$04$abcdefghijklmnopqrstuuOy4KxWq1mV8c0p2s5sCq9pFJbW8Ou3a")

    # policy_check: text that NFKC changes (fullwidth letters, ligatures).
    write("policy_check", "fullwidth", "\uff23\uff4f\uff52\uff52\uff45\uff43\uff54-horse-zebra")
    write("policy_check", "ligature", "\ufb01x\uff11Garc\u00eda")

    # otp_code_record: byte 0 = code length, then the code, then a record.
    code_issuer = credkit.CodeIssuer(bytes([7]) * 32)
    code, record = code_issuer.issue(subject="1012345678", purpose="sim-activation", now=NOW)
    write("otp_code_record", "record", bytes([len(code)]) + code.encode() + record.to_bytes())


if __name__ == "__main__":
    main()

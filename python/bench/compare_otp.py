"""Compares credkit.Totp with pyotp in the same process.

Run against a release build (the debug build is far slower):

    VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
        maturin develop --release -q --manifest-path python/Cargo.toml
    .venv/bin/python python/bench/compare_otp.py

Prints the median time per call of each operation and the ratio
pyotp / credkit (the target for verify with window 1 is >= 10x).
"""

from __future__ import annotations

import base64
import statistics
import timeit

import pyotp

import credkit

NOW = 1_700_000_000
REPEAT = 7


def per_call(stmt: object, number: int) -> float:
    """Median seconds per call over REPEAT runs of `number` calls."""
    runs = timeit.repeat(stmt, repeat=REPEAT, number=number)  # type: ignore[arg-type]
    return statistics.median(runs) / number


def main() -> None:
    secret = credkit.random_secret(20)
    ours = credkit.Totp(secret)
    theirs = pyotp.TOTP(base64.b32encode(secret).decode())
    code = ours.at(NOW - 30)  # matches the first step of the window
    assert theirs.verify(code, for_time=NOW, valid_window=1)
    assert ours.verify(code, at=NOW, window=1) == (NOW - 30) // 30
    wrong = "000000" if ours.at(NOW) != "000000" else "111111"

    rows = [
        ("generate", lambda: ours.at(NOW), lambda: theirs.at(NOW)),
        (
            "verify window=1 (match)",
            lambda: ours.verify(code, at=NOW, window=1),
            lambda: theirs.verify(code, for_time=NOW, valid_window=1),
        ),
    ]

    def ours_wrong() -> None:
        try:
            ours.verify(wrong, at=NOW, window=1)
        except credkit.VerificationError:
            pass

    rows.append(
        (
            "verify window=1 (no match)",
            ours_wrong,
            lambda: theirs.verify(wrong, for_time=NOW, valid_window=1),
        )
    )
    print(f"{'operation':<28}{'credkit':>12}{'pyotp':>12}{'pyotp/credkit':>15}")
    for name, a, b in rows:
        ta = per_call(a, 20_000)
        tb = per_call(b, 5_000)
        print(f"{name:<28}{ta * 1e6:>10.2f}us{tb * 1e6:>10.2f}us{tb / ta:>14.1f}x")


if __name__ == "__main__":
    main()

"""Compares credkit.PasswordPolicy checks with the zxcvbn Python package.

Run against a release build (the debug build is far slower):

    VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
        maturin develop --release -q --manifest-path python/Cargo.toml
    .venv/bin/pip install zxcvbn
    .venv/bin/python python/bench/compare_policy.py

Prints the median time per password of a Cl@ve and a NIST check (embedded
blocklist and three context words included) and of zxcvbn's estimate of the
same passwords with the same user inputs, and the ratio zxcvbn / credkit.
zxcvbn does a different, heavier analysis; this measures the cost of the
check a registration form pays.
"""

from __future__ import annotations

import statistics
import timeit

import zxcvbn

import credkit

PASSWORDS = ["Río-Tajo;Nube7", "Tortuga#Veloz2024", "mi clave es larga y rara", "Qwerty!Juan1985"]
CONTEXT = ["Juan", "García Núñez", "12345678Z"]
REPEAT = 7


def per_password(fn: object, number: int) -> float:
    """Median seconds per password over REPEAT runs of `number` passes."""
    runs = timeit.repeat(fn, repeat=REPEAT, number=number)  # type: ignore[arg-type]
    return statistics.median(runs) / number / len(PASSWORDS)


def main() -> None:
    clave = credkit.PasswordPolicy.clave()
    nist = credkit.PasswordPolicy.nist()
    t_clave = per_password(lambda: [clave.check(p, context=CONTEXT) for p in PASSWORDS], 2000)
    t_nist = per_password(lambda: [nist.check(p, context=CONTEXT) for p in PASSWORDS], 2000)
    t_zx = per_password(lambda: [zxcvbn.zxcvbn(p, user_inputs=CONTEXT) for p in PASSWORDS], 20)
    print(f"credkit clave() check: {t_clave * 1e6:8.2f} us/password")
    print(f"credkit nist() check:  {t_nist * 1e6:8.2f} us/password")
    print(f"zxcvbn estimate:       {t_zx * 1e6:8.2f} us/password")
    print(f"ratio zxcvbn / clave: {t_zx / t_clave:.0f}x, zxcvbn / nist: {t_zx / t_nist:.0f}x")


if __name__ == "__main__":
    main()

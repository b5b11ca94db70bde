"""
Times credkit and argon2-cffi hashing at the same Argon2id parameters, in
one run, and prints the time ratio credkit / argon2-cffi (lower is better).

Build credkit in release mode first, or the figures mean nothing:

    VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
        maturin develop --release -q --manifest-path python/Cargo.toml
    .venv/bin/python python/bench/compare_password.py [--rounds 7] [--per-round 10]

Each round hashes `per-round` passwords with one library, then the other
(alternating which goes first), so drift in machine load affects both; the
figures reported are medians over rounds of the per-hash wall-clock time and
of the per-hash CPU time of the whole process (all threads, so lanes run on
other threads count). On a machine shared with other work, wall-clock time
includes waiting for a core; CPU time does not, and is the steadier figure.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import statistics
import time

import argon2

import credkit

PRESETS = {
    "OWASP (m=19456, t=2, p=1)": (19456, 2, 1),
    "RFC 9106 low-memory (m=65536, t=3, p=4)": (65536, 3, 4),
}


def per_hash_seconds(hash_fn, passwords: list[str]) -> tuple[float, float]:
    """(wall-clock, process CPU) seconds per hash."""
    start, start_cpu = time.perf_counter(), time.process_time()
    for password in passwords:
        hash_fn(password)
    wall = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    return wall / len(passwords), cpu / len(passwords)


def compare(name: str, m: int, t: int, p: int, rounds: int, per_round: int) -> float:
    ours = credkit.PasswordHasher(memory_kib=m, iterations=t, parallelism=p)
    theirs = argon2.PasswordHasher(
        time_cost=t, memory_cost=m, parallelism=p, hash_len=32, salt_len=16
    )
    passwords = [f"correct horse battery staple {i}" for i in range(per_round)]
    # Warm-up: first-touch page faults, thread pools, caches.
    ours.hash(passwords[0])
    theirs.hash(passwords[0])
    ours_times: list[tuple[float, float]] = []
    theirs_times: list[tuple[float, float]] = []
    for r in range(rounds):
        order = [(ours.hash, ours_times), (theirs.hash, theirs_times)]
        if r % 2:
            order.reverse()
        for fn, out in order:
            out.append(per_hash_seconds(fn, passwords))
    ours_wall = statistics.median(t[0] for t in ours_times)
    theirs_wall = statistics.median(t[0] for t in theirs_times)
    ours_cpu = statistics.median(t[1] for t in ours_times)
    theirs_cpu = statistics.median(t[1] for t in theirs_times)
    ratio = ours_wall / theirs_wall
    print(
        f"{name}:\n"
        f"  wall  credkit {ours_wall * 1e3:7.2f} ms  argon2-cffi {theirs_wall * 1e3:7.2f} ms"
        f"  ratio {ratio:.3f}\n"
        f"  cpu   credkit {ours_cpu * 1e3:7.2f} ms  argon2-cffi {theirs_cpu * 1e3:7.2f} ms"
        f"  ratio {ours_cpu / theirs_cpu:.3f}"
    )
    # The two libraries must agree on the result, or the comparison is moot.
    phc = ours.hash("interop")
    assert theirs.verify(phc, "interop")
    assert ours.verify(theirs.hash("interop"), "interop")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-round", type=int, default=10)
    args = parser.parse_args()
    print(
        f"argon2-cffi {importlib.metadata.version('argon2-cffi')}, "
        f"credkit {credkit.__version__}"
    )
    for name, (m, t, p) in PRESETS.items():
        compare(name, m, t, p, args.rounds, args.per_round)


if __name__ == "__main__":
    main()

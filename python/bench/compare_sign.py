"""
Times credkit's `verify_many` of distinct-key Ed25519 signatures against a
PyNaCl (libsodium) verify loop over the same triples, in one run, and prints
the time ratio credkit / PyNaCl (lower is better).

Build credkit in release mode first, or the figures mean nothing:

    VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
        maturin develop --release -q --manifest-path python/Cargo.toml
    .venv/bin/python python/bench/compare_sign.py [--rounds 7] [--items 4096]

Each round times the PyNaCl loop and `verify_many` back to back
(alternating which goes first), so drift in machine load affects both; the
figures are medians over rounds of wall-clock time and of the process's CPU
time (all threads). `verify_many` releases the GIL and uses every core
rayon finds; the PyNaCl loop uses one. On a machine shared with other work
the wall-clock figure includes waiting for a core; the CPU-time ratio is the
work done, with no credit for the second core.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import statistics
import time

import nacl.signing

import credkit


def triples(n: int) -> list[tuple[bytes, bytes, bytes]]:
    """`n` signatures by `n` distinct keys on 100-byte messages."""
    out = []
    for i in range(n):
        seed = i.to_bytes(8, "little") + bytes(23) + b"\xa5"
        sk = credkit.SigningKey.from_bytes(seed)
        message = bytes((j ^ i) & 0xFF for j in range(100))
        out.append((sk.verifying_key.to_bytes(), message, sk.sign(message)))
    return out


def pynacl_loop(items: list[tuple[bytes, bytes, bytes]]) -> None:
    for key, message, signature in items:
        nacl.signing.VerifyKey(key).verify(message, signature)


def credkit_batch(items: list[tuple[bytes, bytes, bytes]]) -> None:
    assert all(credkit.verify_many(items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--items", type=int, default=4096)
    args = parser.parse_args()
    print(
        f"PyNaCl {importlib.metadata.version('PyNaCl')}, credkit {credkit.__version__}, "
        f"{os.cpu_count()} CPUs, {args.items} distinct-key signatures"
    )
    items = triples(args.items)
    pynacl_loop(items[:64])  # warm-up: imports, thread pool, caches
    credkit_batch(items[:64])
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for r in range(args.rounds):
        order = [(credkit_batch, ours), (pynacl_loop, theirs)]
        if r % 2:
            order.reverse()
        for fn, out in order:
            start, start_cpu = time.perf_counter(), time.process_time()
            fn(items)
            out.append((time.perf_counter() - start, time.process_time() - start_cpu))
    for label, column in (("wall", 0), ("cpu ", 1)):
        o = [t[column] for t in ours]
        t = [t[column] for t in theirs]
        print(
            f"{label}  PyNaCl loop median {statistics.median(t) * 1e3:7.1f} ms best {min(t) * 1e3:7.1f} ms"
            f"  verify_many median {statistics.median(o) * 1e3:7.1f} ms best {min(o) * 1e3:7.1f} ms"
            f"  ratio median {statistics.median(o) / statistics.median(t):.3f}"
            f" best {min(o) / min(t):.3f}"
        )


if __name__ == "__main__":
    main()

"""Column input: a pyarrow column read through the Arrow C data interface
against the same rows as a Python list, and against the path the bindings
took before (``to_pylist()``, then the list).

Run with a release build (``maturin develop --release``)::

    python python/bench/columns.py [--rows 1000000] [--sign-rows 100000]

Each figure is the best of ``--repeat`` runs, wall time, on all pool threads.
"""

import argparse
import time

import pyarrow as pa

import credkit


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def report(name, rows, t_arrow, t_list, t_pylist):
    print(
        f"{name:<38} {rows:>9} rows  arrow {t_arrow * 1e3:8.1f} ms  "
        f"list {t_list * 1e3:8.1f} ms  to_pylist+list {t_pylist * 1e3:8.1f} ms  "
        f"list/arrow {t_list / t_arrow:5.2f}x  before/after {t_pylist / t_arrow:5.2f}x"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--sign-rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"credkit threads: {credkit.get_num_threads()}, pyarrow {pa.__version__}")

    bf = credkit.BreachFilter.from_passwords([f"breached-{i}" for i in range(100_000)])
    words = [f"candidate-password-{i}" for i in range(args.rows)]
    for ty in (pa.string(), pa.large_string(), pa.string_view()):
        column = pa.array(words, type=ty)
        assert bf.contains_many(column) == bf.contains_many(words)
        report(
            f"BreachFilter.contains_many {ty}",
            args.rows,
            best(lambda: bf.contains_many(column), args.repeat),
            best(lambda: bf.contains_many(words), args.repeat),
            best(lambda: bf.contains_many(column.to_pylist()), args.repeat),
        )

    sk = credkit.SigningKey.generate()
    pk = sk.verifying_key.to_bytes()
    msgs = [b"message number %d" % i for i in range(args.sign_rows)]
    sigs = credkit.sign_many(sk, msgs)
    keys = [pk] * args.sign_rows
    ck, cm, cs = pa.array(keys, type=pa.binary(32)), pa.array(msgs), pa.array(sigs, type=pa.binary(64))
    assert credkit.verify_many(keys=ck, messages=cm, signatures=cs) == [True] * args.sign_rows
    report(
        "verify_many(keys=, messages=, sigs=)",
        args.sign_rows,
        best(lambda: credkit.verify_many(keys=ck, messages=cm, signatures=cs), args.repeat),
        best(lambda: credkit.verify_many(keys=keys, messages=msgs, signatures=sigs), args.repeat),
        best(
            lambda: credkit.verify_many(keys=ck.to_pylist(), messages=cm.to_pylist(), signatures=cs.to_pylist()),
            args.repeat,
        ),
    )


if __name__ == "__main__":
    main()

"""PasswordPolicy.check_many against a Python loop of check, and the cost of
pickling the objects a process pool sends to its workers.

    python python/bench/check_many.py [count]

Wall time with time.perf_counter(), best of three runs; check_many runs on
credkit's pool (credkit.get_num_threads() threads) with the GIL released.
"""

from __future__ import annotations

import pickle
import sys
import time

import credkit

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def best(f, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    policy = credkit.PasswordPolicy.clave()
    passwords = [f"Clave-{i:06d}-Segura!" if i % 3 else f"password{i}" for i in range(N)]
    context = [["Juan", f"{i:08d}Z"] for i in range(N)]
    assert policy.check_many(passwords[:100], context[:100]) == [
        policy.check(p, context=c) for p, c in zip(passwords[:100], context[:100])
    ]
    loop = best(lambda: [policy.check(p, context=c) for p, c in zip(passwords, context)])
    many = best(lambda: policy.check_many(passwords, context))
    print(f"threads={credkit.get_num_threads()} count={N}")
    print(f"check loop      {loop * 1e6 / N:8.2f} us/password")
    print(f"check_many      {many * 1e6 / N:8.2f} us/password  ({loop / many:.2f}x)")

    hasher = credkit.PasswordHasher(pepper=b"p" * 32, pepper_id="k1")
    sk = credkit.SigningKey.generate()
    issuer = credkit.CredentialIssuer(sk, key_id="k", issuer="a")
    verifier = credkit.CredentialVerifier({"a": {"k": sk.verifying_key}})
    verifier.load_status_list(issuer.issue_status_list(credkit.StatusList(100_000), version=1, ttl=86400))
    for name, obj in [
        ("PasswordHasher (peppered)", hasher),
        ("PasswordPolicy.clave()", policy),
        ("CredentialVerifier (1 list of 100k)", verifier),
    ]:
        blob = pickle.dumps(obj)
        t = best(lambda: pickle.loads(pickle.dumps(obj)), runs=5)
        print(f"pickle {name:38s} {len(blob):7d} bytes  round trip {t * 1e6:8.1f} us")


if __name__ == "__main__":
    main()

"""CPU per credential of CredentialIssuer.issue_many and
CredentialVerifier.verify_many, in a fresh process, first call included.

    python python/bench/issuance_cpu.py [count]

CPU time is time.process_time() (all threads of the process, user +
system), divided by the number of credentials: the figure that matters on a
machine shared by several workers, where wall time hides what the pool's
threads spend.
"""

from __future__ import annotations

import sys
import time

import credkit

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000


def requests(n: int) -> list[dict[str, object]]:
    """Typical national-ID credentials: a handful of short attributes."""
    return [
        {
            "subject": f"10{i:08d}",
            "ttl": 5 * 365 * 86400,
            "version": 1,
            "status_index": i,
            "attributes": {
                "name": "Juan Español García",
                "birth_date": "1990-01-31",
                "nationality": "ESP",
                "document": f"{i:08d}Z",
            },
        }
        for i in range(n)
    ]


def cpu_per_item(f, n: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    f()
    return (time.process_time() - cpu) / n * 1e6, (time.perf_counter() - wall) / n * 1e6


def main() -> None:
    sk = credkit.SigningKey.from_bytes(bytes(range(32)))
    iss = credkit.CredentialIssuer(sk, key_id="kid-1", issuer="example-authority")
    ver = credkit.CredentialVerifier({"kid-1": sk.verifying_key})
    reqs = requests(N)
    out: list[str] = []
    first = cpu_per_item(lambda: out.extend(iss.issue_many(reqs, now=1_700_000_000)), N)
    second = cpu_per_item(lambda: iss.issue_many(reqs, now=1_700_000_000), N)
    verify = cpu_per_item(lambda: ver.verify_many(out, now=1_700_000_100), N)
    print(f"credentials: {N}, threads: {credkit.get_num_threads()}, QR text {len(out[0])} chars")
    for name, (cpu, wall) in [
        ("issue_many, first call", first),
        ("issue_many, second call", second),
        ("verify_many", verify),
    ]:
        print(f"{name:24} {cpu:7.1f} us CPU/credential  {wall:7.1f} us wall/credential")


if __name__ == "__main__":
    main()

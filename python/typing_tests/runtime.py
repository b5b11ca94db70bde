"""Type-checks the worker-pool functions and the batch calls' keywords."""

import credkit

credkit.set_num_threads(2)
n: int = credkit.get_num_threads()
freed: int = credkit.release_memory()


def report(done: int, total: int) -> None:
    print(done, total)


h = credkit.PasswordHasher(memory_kib=64, iterations=1, parallelism=1)
hashes: list[str] = h.hash_many(["a"], progress=report)
oks: list[bool] = h.verify_many([(hashes[0], "a")], progress=report)
sk = credkit.SigningKey.generate()
sigs: list[bytes] = credkit.sign_batch(sk, [b"m"], progress=report)
pk = sk.verifying_key.to_bytes()
rows: list[bool] = credkit.verify_batch([(pk, b"m", sigs[0])], progress=report)
cols: list[bool] = credkit.verify_batch(keys=[pk], messages=[b"m"], signatures=sigs)

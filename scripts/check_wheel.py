"""Checks what an abi3 wheel carries: the stable-ABI tag, both licence
files, the README as long description, and the metadata pip and PyPI show.

    python scripts/check_wheel.py dist/credkit-*.whl
"""

from __future__ import annotations

import email
import sys
import zipfile


def main(path: str) -> None:
    assert "-cp39-abi3-" in path, f"not an abi3-py39 wheel: {path}"
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        [meta_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(wheel.read(meta_name))
        body = meta.get_payload()
    for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert any(n.endswith(f"/licenses/{licence}") for n in names), f"{licence} missing"
    assert meta["License-Expression"] == "MIT OR Apache-2.0", meta["License-Expression"]
    assert meta["Requires-Python"] == ">=3.9"
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert isinstance(body, str) and body.lstrip().startswith("# credkit"), "README missing"
    assert meta["Summary"] and meta["Author"]
    assert any(n.endswith("py.typed") for n in names) and any(n.endswith(".pyi") for n in names)
    print(f"wheel ok: {path.rsplit('/', 1)[-1]}, {len(names)} files")


if __name__ == "__main__":
    main(sys.argv[1])

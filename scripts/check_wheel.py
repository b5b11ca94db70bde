"""Checks what an abi3 wheel carries: the stable-ABI and manylinux tags (and
that the extension needs no newer glibc than its tag promises), both licence
files, the README as long description, and the metadata pip and PyPI show.

    python scripts/check_wheel.py dist/credkit-*.whl [--manylinux 2_17]

The glibc check reads the extension's ELF version needs with pyelftools, and
also asks ``auditwheel show`` when auditwheel is installed (both are on
scripts/test.sh's pip line).
"""

from __future__ import annotations

import argparse
import email
import io
import os
import re
import shutil
import subprocess
import zipfile

#: manylinux2014 = glibc 2.17, the oldest Rust's standard library supports.
DEFAULT_FLOOR = "2_17"


def _glibc(version: str) -> tuple[int, int]:
    major, minor = version.replace(".", "_").split("_")[:2]
    return int(major), int(minor)


def platform_floor(path: str) -> tuple[int, int]:
    """The lowest glibc the file name's manylinux tags claim."""
    platforms = os.path.basename(path)[: -len(".whl")].split("-")[-1].split(".")
    floors = []
    for tag in platforms:
        if tag == "manylinux2014_x86_64":
            floors.append((2, 17))
        elif m := re.fullmatch(r"manylinux_(\d+)_(\d+)_x86_64", tag):
            floors.append((int(m[1]), int(m[2])))
        else:
            raise AssertionError(f"unexpected platform tag {tag!r} in {path}")
    return min(floors)


def glibc_needed(so: bytes) -> tuple[int, int] | None:
    """The newest GLIBC_x.y symbol version the extension needs (None if
    pyelftools is missing)."""
    try:
        from elftools.elf.elffile import ELFFile
        from elftools.elf.gnuversions import GNUVerNeedSection
    except ImportError:
        return None
    elf = ELFFile(io.BytesIO(so))
    versions = [
        _glibc(aux.name[len("GLIBC_") :])
        for section in elf.iter_sections()
        if isinstance(section, GNUVerNeedSection)
        for _, auxes in section.iter_versions()
        for aux in auxes
        if aux.name.startswith("GLIBC_") and aux.name[len("GLIBC_") :][:1].isdigit()
    ]
    return max(versions)


def main(path: str, floor: str) -> None:
    expected = _glibc(floor)
    assert "-cp39-abi3-" in path, f"not an abi3-py39 wheel: {path}"
    got = platform_floor(path)
    assert got == expected, f"platform tag floor {got}, expected manylinux_{floor}: {path}"
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        [meta_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(wheel.read(meta_name))
        body = meta.get_payload()
        [wheel_name] = [n for n in names if n.endswith(".dist-info/WHEEL")]
        wheel_tags = {
            line.split(": ", 1)[1]
            for line in wheel.read(wheel_name).decode().splitlines()
            if line.startswith("Tag: ")
        }
        [so_name] = [n for n in names if n.endswith(".so")]
        so = wheel.read(so_name)
    assert so_name.endswith(".abi3.so"), f"extension is not abi3: {so_name}"
    assert wheel_tags and all(t.startswith("cp39-abi3-") for t in wheel_tags), wheel_tags
    needed = glibc_needed(so)
    if needed is not None:
        assert needed <= expected, f"extension needs GLIBC_{needed}, tag promises {expected}"
    audit = "not run (auditwheel not installed)"
    if shutil.which("auditwheel"):
        out = subprocess.run(
            ["auditwheel", "show", path], capture_output=True, text=True, check=True
        ).stdout
        m = re.search(r'consistent with the following platform tag:\s*"manylinux_(\d+)_(\d+)_', out)
        assert m, out
        assert (int(m[1]), int(m[2])) == expected, out
        audit = f"auditwheel: manylinux_{m[1]}_{m[2]}"
    for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert any(n.endswith(f"/licenses/{licence}") for n in names), f"{licence} missing"
    assert meta["License-Expression"] == "MIT OR Apache-2.0", meta["License-Expression"]
    assert meta["Requires-Python"] == ">=3.9"
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert isinstance(body, str) and body.lstrip().startswith("# credkit"), "README missing"
    assert meta["Summary"] and meta["Author"]
    assert any(n.endswith("py.typed") for n in names) and any(n.endswith(".pyi") for n in names)
    glibc = "n/a (no pyelftools)" if needed is None else f"GLIBC_{needed[0]}.{needed[1]}"
    print(
        f"wheel ok: {os.path.basename(path)}, {len(names)} files, "
        f"newest glibc symbol {glibc}, {audit}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("wheel")
    parser.add_argument("--manylinux", default=DEFAULT_FLOOR, help="expected glibc floor, e.g. 2_17")
    args = parser.parse_args()
    main(args.wheel, args.manylinux)

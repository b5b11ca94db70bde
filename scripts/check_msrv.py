"""Checks that the declared rust-version covers the dependency tree.

No older toolchain can be installed on our machines, so CI cannot build with
the MSRV itself; instead this compares the workspace's declared
`rust-version` with the `rust-version` every (normal, non-dev) dependency of
the credkit crate declares, and fails if any needs a newer compiler.
"""

from __future__ import annotations

import json
import subprocess
import sys


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def main() -> int:
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = next(p for p in meta["packages"] if p["name"] == "credkit")
    declared = root["rust_version"]
    seen: set[str] = set()
    stack = [root["id"]]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for dep in nodes[current]["deps"]:
            if any(kind["kind"] is None for kind in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    needs = max(
        (
            (packages[i].get("rust_version") or "0", packages[i]["name"])
            for i in seen
            if i != root["id"]
        ),
        key=lambda item: version(item[0]),
    )
    print(
        f"rust-version {declared}; the dependency tree needs {needs[0]} ({needs[1]});"
        f" {len(seen) - 1} crates"
    )
    if version(needs[0]) > version(declared):
        print("error: raise rust-version in Cargo.toml", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

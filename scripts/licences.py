#!/usr/bin/env python3
"""Writes the licences of what the app ships: every Rust crate the
`kaartbeheer` binary is built from (its normal dependencies, on any
platform; not build or dev dependencies) from `cargo metadata`, and every
npm package in the window's bundle (the non-dev packages of
ui/package-lock.json). *Over Kaartbeheer* shows them. The file is committed:
`--check` (run by `npm run check`) fails when it no longer matches
Cargo.lock and the lockfile, and says to run this script again.

    python3 scripts/licences.py [--check]
"""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "ui" / "src" / "generated" / "licences.json"


def rust_crates():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=REPO, check=True, capture_output=True, text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    workspace = set(meta["workspace_members"])
    root = next(i for i in workspace if packages[i]["name"] == "kaartbeheer")
    seen, todo = set(), [root]
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            kinds = {k["kind"] for k in dep["dep_kinds"]}
            if None in kinds and dep["pkg"] not in seen:  # normal dependencies only
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    return sorted(
        (
            {"name": p["name"], "version": p["version"], "license": p.get("license") or "zie de bron"}
            for i in seen - workspace
            for p in [packages[i]]
        ),
        key=lambda p: (p["name"], p["version"]),
    )


def npm_packages():
    lock = json.loads((REPO / "ui" / "package-lock.json").read_text(encoding="utf-8"))
    out = []
    for path, p in lock["packages"].items():
        if not path or p.get("dev") or p.get("optional"):
            continue
        name = p.get("name") or path.rsplit("node_modules/", 1)[-1]
        out.append({"name": name, "version": p.get("version", ""), "license": p.get("license") or "zie de bron"})
    return sorted(out, key=lambda p: (p["name"], p["version"]))


def main():
    text = json.dumps({"rust": rust_crates(), "npm": npm_packages()}, indent=1, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUT.relative_to(REPO)} is out of date: run python3 scripts/licences.py")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {text.count(chr(10) + '  {')} packages")


main()

"""Shared set-up: where the repository, the CLI and the shared data are."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def cli() -> Path:
    path = Path(os.environ.get("VNCLEAN_BIN", ROOT / "target" / "release" / "vnclean"))
    if not path.exists():
        pytest.fail(f"no vnclean binary at {path}: run `cargo build --release` (scripts/test does)")
    return path


def shared(*parts: str) -> Path:
    """A file of the shared data beside the checkout, or a skip saying so."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (a checkout beside the shared data has it)")
    return path


def cli_jsonl(path: Path, *args: str) -> list[dict]:
    """`vnclean clean --format jsonl` over `path`, one dict a record."""
    run = subprocess.run(
        [str(cli()), "clean", "--format", "jsonl", *args, str(path)],
        check=True,
        capture_output=True,
    )
    return [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]

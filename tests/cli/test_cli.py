from __future__ import annotations

import subprocess
import sys

from analysis import config
from analysis.cli import COMMANDS, build_parser


def test_every_command_is_registered() -> None:
    parser = build_parser()
    help_text = parser.format_help()
    for module in COMMANDS:
        assert module.__name__.rsplit(".", 1)[1] in help_text
    expected = {p.stem for p in (config.ROOT / "analysis" / "commands").glob("[!_]*.py")}
    assert {m.__name__.rsplit(".", 1)[1] for m in COMMANDS} == expected


def test_help_runs_without_error() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"],
        capture_output=True, text=True, cwd=config.ROOT, check=False,
    )
    assert out.returncode == 0
    assert "usage" in out.stdout.lower()


def test_unknown_command_is_a_usage_error() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "frobnicate"],
        capture_output=True, text=True, cwd=config.ROOT, check=False,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr

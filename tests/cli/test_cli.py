from __future__ import annotations

import subprocess
import sys

from analysis import config
from analysis.cli import COMMANDS, build_parser
from analysis.commands._options import SHARED_OPTIONS


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


# Same flag, own meaning: the price tickers, and outputs or draws that are not the study's.
OWN_VARIANTS: frozenset[tuple[str, str]] = frozenset({
    ("prices", "--tickers"), ("prices", "--out"), ("evaluate", "--out"),
    ("validate", "--out"), ("validate", "--permutations"),
})


def test_a_shared_option_is_the_same_in_every_command() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # name -> sub-parser
    seen: dict[str, list[str]] = {}
    for name, sub in commands.items():
        for action in sub._actions:
            flag = next((f for f in action.option_strings if f in SHARED_OPTIONS), None)
            if flag is None or (name, flag) in OWN_VARIANTS:
                continue
            spec = SHARED_OPTIONS[flag]
            assert (action.default, action.help) == (spec["default"], spec["help"]), (name, flag)
            seen.setdefault(flag, []).append(name)
    # Every shared option serves at least two commands, or it is not shared.
    assert all(len(names) >= 2 for names in seen.values()), seen
    assert set(seen) == set(SHARED_OPTIONS)

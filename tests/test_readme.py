"""The README tells the truth: its Layout block lists exactly the package's modules, and
its Python API example runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from analysis import config

README = config.ROOT / "README.md"
PACKAGE = config.ROOT / "analysis"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    assert f"\n## {title}\n" in text, f"README has no '## {title}' section"
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def layout_modules(block: str) -> dict[str, set[str]]:
    """Package folder -> modules named ``x.py`` in the README's layout block.

    The block lists ``analysis/`` first; a line indented by two spaces per level opens
    a subpackage (``text/``) or names a top-level module, and continuation lines (deeper
    indentation, text only) belong to the package opened last.
    """
    out: dict[str, set[str]] = {}
    stack: list[str] = []
    current = ""
    for line in block.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):  # a top-level folder: analysis/ or beyond it
            name = line.split()[0]
            if name != "analysis/" and stack:
                break
            stack, current = ["analysis"], "analysis"
            out.setdefault(current, set())
            continue
        if not stack:
            continue
        indent = len(line) - len(line.lstrip(" "))
        head = line.split()[0]
        level = indent // 2
        if indent % 2 == 0 and level <= len(stack) and head.endswith("/"):
            stack = [*stack[:level], head.rstrip("/")]
            current = "/".join(stack)
            out.setdefault(current, set())
        elif indent % 2 == 0 and level <= len(stack) and head.endswith(".py"):
            stack = stack[:level]
            current = "/".join(stack)
        out[current] |= set(re.findall(r"(?<![\w/.])([A-Za-z_][\w]*\.py)\b", line))
    return out


def tree_modules() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for init in sorted(PACKAGE.rglob("__init__.py")):
        folder = init.parent
        key = str(folder.relative_to(config.ROOT))
        out[key] = {p.name for p in folder.glob("*.py") if p.name != "__init__.py"}
    return out


def test_the_layout_block_lists_every_module_and_no_other() -> None:
    block = _section("Layout").split("```", 2)[1]
    listed, actual = layout_modules(block), tree_modules()
    assert sorted(listed) == sorted(actual), "packages differ"
    for pkg in actual:
        assert listed[pkg] == actual[pkg], (
            f"{pkg}/: missing from README {sorted(actual[pkg] - listed[pkg])}, "
            f"not in the tree {sorted(listed[pkg] - actual[pkg])}")


def layout_folders(block: str) -> set[str]:
    """Top-level folders the layout block names (``data/raw/`` -> ``data``)."""
    return {line.split()[0].split("/")[0] for line in block.splitlines()
            if line.strip() and not line.startswith(" ") and line.split()[0].endswith("/")}


def test_the_layout_block_lists_every_top_level_folder_and_no_other() -> None:
    block = _section("Layout").split("```", 2)[1]
    try:
        tracked = subprocess.run(["git", "ls-files"], cwd=config.ROOT, capture_output=True,
                                 text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked folders are unknown")
    # Hidden folders (.ci/) are tooling, not the project's layout.
    folders = {f.split("/")[0] for f in tracked if "/" in f and not f.startswith(".")}
    assert layout_folders(block) == folders


def test_the_layout_reader_sees_a_missing_module() -> None:
    block = ("analysis/   the package\n  io.py   writes\n  study/   engine.py (x),\n"
             "           panel.py\n    deep/   a.py\nnotebooks/  x.py\n")
    assert layout_modules(block) == {"analysis": {"io.py"},
                                     "analysis/study": {"engine.py", "panel.py"},
                                     "analysis/study/deep": {"a.py"}}


def test_the_python_api_example_runs(capsys: object) -> None:
    section = _section("Python API")
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert "EventStudy(" in code and ".summary()" in code and "EventDummyRegression" in code
    namespace: dict[str, object] = {}
    exec(compile(code, str(Path(README.name)), "exec"), namespace)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "Event study: cumulative abnormal returns" in out
    assert "Event-dummy regression: A" in out
    results = namespace["results"]
    assert set(results.car["event_id"]) == {"e1", "e2"}  # type: ignore[attr-defined]

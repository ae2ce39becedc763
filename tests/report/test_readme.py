"""The README's "Use it on your own news" example runs as printed, on a copy of seeds/."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config

SECTION = "## Use it on your own news"


def _section() -> str:
    text = (config.ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, "README.md lost its 'Use it on your own news' section"
    return text.split(SECTION, 1)[1].split("\n## ", 1)[0]


def test_readme_section_is_last_and_has_python_and_cli() -> None:
    text = (config.ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## .+$", text, flags=re.M)
    assert headings[-1] == SECTION
    section = _section()
    assert re.search(r"```python\n", section) and re.search(r"```bash\n", section)
    bash = re.search(r"```bash\n(.*?)```", section, flags=re.S).group(1)
    for command in ("events", "prices", "study"):
        assert f"python -m analysis {command} " in bash


@pytest.mark.slow  # the whole pipeline in a fresh process: make test-fast skips it
def test_readme_python_example_runs(tmp_path: Path) -> None:
    code = re.search(r"```python\n(.*?)```", _section(), flags=re.S).group(1)
    lines = [ln for ln in code.splitlines() if ln.strip()]
    assert len(lines) <= 13, "the example should stay short"
    shutil.copytree(config.ROOT / "seeds", tmp_path / "my_articles")
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    snapshot = config.market_data_dir()
    assert snapshot is not None, "the README test needs the offline market-data snapshot"
    # The example writes only my_caar.png, in its working folder.
    env = {**os.environ, "MARKET_DATA_DIR": str(snapshot), "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = proc.stdout
    assert "all events" in table and "ci_low" in table and "p_value" in table
    assert re.search(r"ZS=F\s+talks\s+\d+", table), table
    png = tmp_path / "my_caar.png"
    assert png.is_file() and png.stat().st_size > 5_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow  # events, prices and study in three fresh processes: make test-fast skips it
def test_readme_cli_equivalent_runs(tmp_path: Path) -> None:
    bash = re.search(r"```bash\n(.*?)```", _section(), flags=re.S).group(1)
    commands = [shlex.split(c) for c in bash.replace("\\\n", " ").splitlines() if c.strip()]
    assert [c[:3] for c in commands] == [["python", "-m", "analysis"]] * 3
    shutil.copytree(config.ROOT / "seeds", tmp_path / "my_articles")
    shutil.copytree(config.ROOT / "data" / "external", tmp_path / "data" / "external")
    snapshot = config.market_data_dir()
    assert snapshot is not None, "the README test needs the offline market-data snapshot"
    # A data folder of its own, so that nothing lands in the repository's data/.
    env = {**os.environ, "MARKET_DATA_DIR": str(snapshot),
           "ANALYSIS_DATA_DIR": str(tmp_path / "data")}
    for command in commands:
        proc = subprocess.run([sys.executable, *command[1:]], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, f"{command[3]}: {proc.stderr[-1000:]}"
    caar = (tmp_path / "my_study" / "caar.csv").read_text(encoding="utf-8")
    assert caar.startswith("ticker,model,group,window") and "ZS=F,market,all" in caar

"""The package's shape: stages import one way, no cycles, no hidden imports, small modules.

These rules are what lets a newcomer read the tree as the pipeline (text -> events ->
market -> study -> report -> commands); each test fails on the first module that breaks one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import config

PACKAGE = config.ROOT / "analysis"
MAX_LINES = 900

# Lower layers never import higher ones; a module may import its own layer or below.
LAYERS: dict[str, int] = {
    "analysis": 0, "analysis.config": 0, "analysis.io": 0, "analysis.windows": 0,
    "analysis.text": 1, "analysis.events": 2, "analysis.market": 3, "analysis.study": 4,
    "analysis.report": 5, "analysis.commands": 6, "analysis.cli": 6, "analysis.__main__": 6,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(config.ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    best = ""
    for prefix in LAYERS:
        if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return LAYERS[best]


def _resolve(name: str) -> str | None:
    """The project module an imported name refers to (a module, or a name in one)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported project module, line, at module level?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # A module-level try/if (e.g. around a slow import) is still the module's own import.
    in_function = {id(n) for f in ast.walk(tree)
                   if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                   for n in ast.walk(f) if n is not f}
    # Imports under `if TYPE_CHECKING:` at module level are annotations only.
    type_only: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only |= {id(n) for n in ast.walk(node)}
    out = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            target = _resolve(name)
            if target is not None:
                out.append((target, node.lineno, id(node) not in in_function))
    return out


GRAPH: dict[str, set[str]] = {
    m: {t for t, _, _ in _imports(p) if t != m} for m, p in MODULES.items()
}


def test_the_stage_subpackages_exist() -> None:
    for stage in ("text", "events", "market", "study", "report", "commands"):
        init = PACKAGE / stage / "__init__.py"
        assert init.exists(), f"analysis/{stage} is not a package"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module: str) -> None:
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{module} has {n} lines (limit {MAX_LINES})"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_stages(module: str) -> None:
    bad = [(t, line) for t, line, _ in _imports(MODULES[module])
           if not t.startswith(module + ".") and _layer(t) > _layer(module)]
    assert not bad, f"{module} imports a later stage: {bad}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_local_project_imports(module: str) -> None:
    local = [(t, line) for t, line, top in _imports(MODULES[module]) if not top]
    assert not local, f"{module} hides imports inside functions: {local}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_dynamic_imports(module: str) -> None:
    text = MODULES[module].read_text(encoding="utf-8")
    for needle in ("importlib", "import_module", "__import__"):
        assert needle not in text, f"{module} uses {needle}"


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(GRAPH[m]):
            if state.get(t) == 1:
                cycle = [*stack[stack.index(t):], t]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m)


def test_the_checker_sees_a_cycle_and_a_backward_import(tmp_path: Path) -> None:
    """The rules above are only as good as the import reader: it must see these."""
    sample = tmp_path / "analysis" / "text" / "x.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "from analysis.study.engine import estimate\n"
        "def f():\n    from analysis.report import plots\n    return plots\n",
        encoding="utf-8",
    )
    found = _imports(sample)
    assert ("analysis.study.engine", 1, True) in found
    assert ("analysis.report.plots", 3, False) in found
    assert _layer("analysis.text.x") < _layer("analysis.study.engine")


def _commands_importers() -> list[str]:
    """Files outside ``analysis/commands`` and ``analysis/cli.py`` that import a command
    module: package modules, benchmarks, scripts and notebooks (tests may, to check the
    command-line contract)."""
    bad = []
    for m, targets in GRAPH.items():
        if m.startswith("analysis.commands") or m in ("analysis.cli", "analysis.__main__"):
            continue
        if any(t.startswith("analysis.commands") for t in targets):
            bad.append(m)
    roots = [config.ROOT / "benchmarks", config.ROOT / "scripts", config.ROOT / "notebooks"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".ipynb") and "analysis.commands" in path.read_text(
                    encoding="utf-8"):
                bad.append(str(path.relative_to(config.ROOT)))
    return bad


def test_only_the_cli_imports_the_commands() -> None:
    bad = _commands_importers()
    assert not bad, f"pipelines belong to the stages; these import analysis.commands: {bad}"

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
    "analysis": 0, "analysis.config": 0, "analysis.defaults": 0, "analysis.io": 0,
    "analysis.windows": 0,
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
    # importlib.resources (reading package data) is fine; loading modules by name is not.
    for needle in ("import_module", "__import__", "importlib.util", "spec_from_file"):
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


# Config at the edge ---------------------------------------------------------------------
# The stages take explicit arguments. Their defaults come from the one documented edge,
# ``analysis.defaults`` (literal values only: no path, no environment, no import), which
# ``analysis.config`` re-exports for the commands and notebooks; ``analysis.config`` itself
# (paths, environment) is read by the commands, the CLI, the report helpers and notebooks.
STAGES = ("analysis.text", "analysis.events", "analysis.market", "analysis.study")
# Stage module -> why it still reads config. Empty since the price loader takes its
# folders (snapshot, raw cache, yfinance cache) as arguments and the commands resolve
# them (``config.market_data_dir``, ``config.price_source``). Keep it empty.
CONFIG_EXCEPTIONS: dict[str, str] = {}


def _in_stages(module: str) -> bool:
    return any(module == s or module.startswith(s + ".") for s in STAGES)


def _config_readers() -> list[str]:
    return [m for m, targets in GRAPH.items()
            if _in_stages(m) and "analysis.config" in targets and m not in CONFIG_EXCEPTIONS]


def test_stage_modules_do_not_read_config() -> None:
    bad = _config_readers()
    assert not bad, (f"{bad} import analysis.config: take an explicit argument (default "
                     "from analysis.defaults) and let the command pass the config value")


def test_the_config_exceptions_are_still_needed() -> None:
    stale = [m for m in CONFIG_EXCEPTIONS if "analysis.config" not in GRAPH.get(m, set())]
    assert not stale, f"no longer read config, drop from CONFIG_EXCEPTIONS: {stale}"


def test_defaults_are_literals_and_config_reexports_them() -> None:
    from analysis import defaults

    tree = ast.parse(MODULES["analysis.defaults"].read_text(encoding="utf-8"))
    imports = [ast.unparse(n) for n in ast.walk(tree)
               if isinstance(n, ast.Import | ast.ImportFrom)]
    assert imports == ["from __future__ import annotations"], imports
    code = ast.unparse(ast.Module(body=tree.body[1:], type_ignores=[]))  # no docstring
    for needle in ("Path", "environ", "open(", "getenv"):
        assert needle not in code, needle
    public = sorted(n for n in vars(defaults) if n.isupper())
    assert public == sorted(defaults.__all__)
    for name in public:
        assert getattr(config, name) is getattr(defaults, name), name


def test_the_config_checker_sees_a_stage_reading_config(tmp_path: Path) -> None:
    sample = tmp_path / "analysis" / "study" / "x.py"
    sample.parent.mkdir(parents=True)
    sample.write_text("from analysis import config\nfrom analysis.defaults import TIMINGS\n",
                      encoding="utf-8")
    found = {t for t, _, _ in _imports(sample)}
    assert found == {"analysis.config", "analysis.defaults"}
    assert _in_stages("analysis.study.x") and not _in_stages("analysis.commands.study")


# No private names across modules -------------------------------------------------------
# A leading underscore means "this module's own": another project module importing it
# couples to an implementation detail. What is shared is public (and documented).


def _private_imports(path: Path) -> list[tuple[str, int]]:
    """(module._name, line) for every ``from <project module> import _name``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
            continue
        if _resolve(node.module) is None and not node.module.startswith("analysis"):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                out.append((f"{node.module}.{alias.name}", node.lineno))
    return out


def _project_files() -> dict[str, Path]:
    files = dict(MODULES)
    for folder in ("benchmarks", "scripts"):
        for path in sorted((config.ROOT / folder).rglob("*.py")):
            files[str(path.relative_to(config.ROOT))] = path
    return files


@pytest.mark.parametrize("module", sorted(_project_files()))
def test_no_private_imports_across_modules(module: str) -> None:
    bad = _private_imports(_project_files()[module])
    assert not bad, f"{module} imports another module's private names: {bad}"


def test_the_private_checker_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from analysis.study.panel import _pool, stack_assets\n"
                      "from os.path import _joinrealpath\n", encoding="utf-8")
    assert _private_imports(sample) == [("analysis.study.panel._pool", 1)]


# Short functions, short signatures (project-wide) ----------------------------------------
# "Functions under ~80 lines, at most 8 parameters (else a settings object)", everywhere
# under analysis/. Lines count the whole definition, docstring included (decorators
# aside); parameters count named ones (self/cls aside; the **options that fill a
# settings object's fields do not add up).
MAX_FUNCTION_LINES = 80
MAX_PARAMETERS = 8
# FROZEN: the functions still over a limit, each owned by another change of issue 19
# (engine/eventstudy split, text/dates and text/pubdates packages). Do not add to it;
# an entry that no longer applies fails test_the_long_function_exceptions_are_still_needed,
# so it is pruned as soon as the function is split (or moved).
LONG_FUNCTION_EXCEPTIONS: dict[str, str] = {}


def _functions(path: Path) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """(qualified name, node) of every function and method in ``path``, nested ones too."""
    out: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                out.append((prefix + child.name, child))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return out


def _long_functions(path: Path) -> dict[str, str]:
    """Qualified name -> what is over a limit, for every function of ``path`` over one."""
    bad: dict[str, str] = {}
    for name, node in _functions(path):
        args = node.args
        named = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)
                 if a.arg not in ("self", "cls")]
        lines = (node.end_lineno or node.lineno) - node.lineno + 1
        over = []
        if lines > MAX_FUNCTION_LINES:
            over.append(f"{lines} lines")
        if len(named) > MAX_PARAMETERS:
            over.append(f"{len(named)} parameters")
        if over:
            bad[name] = f"line {node.lineno}: " + ", ".join(over)
    return bad


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_are_short(module: str) -> None:
    bad = {f"{module}:{name}": why for name, why in _long_functions(MODULES[module]).items()
           if f"{module}:{name}" not in LONG_FUNCTION_EXCEPTIONS}
    assert not bad, (f"{bad}: over {MAX_FUNCTION_LINES} lines or {MAX_PARAMETERS} "
                     "parameters (split it into named steps, or pass a settings object)")


def test_the_long_function_exceptions_are_still_needed() -> None:
    stale = []
    for key in LONG_FUNCTION_EXCEPTIONS:
        module, _, name = key.partition(":")
        if module not in MODULES or name not in _long_functions(MODULES[module]):
            stale.append(key)
    assert not stale, f"within the limits now (or gone): drop from LONG_FUNCTION_EXCEPTIONS {stale}"


def test_the_length_checker_counts_lines_and_parameters(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    body = "\n".join(["    x = 1"] * MAX_FUNCTION_LINES)
    sample.write_text(f"def long():\n{body}\n\ndef wide(self, a, b, c, d, e, f, g, h, i):\n"
                      "    pass\n\ndef fine(a, *, b, **options):\n    pass\n\n"
                      "class K:\n    def method(self, a, b, c, d, e, f, g, h):\n"
                      "        def inner(a, b, c, d, e, f, g, h, i):\n            pass\n",
                      encoding="utf-8")
    assert _long_functions(sample) == {
        "long": f"line 1: {MAX_FUNCTION_LINES + 1} lines",
        "wide": f"line {MAX_FUNCTION_LINES + 3}: 9 parameters",
        "K.method.inner": f"line {MAX_FUNCTION_LINES + 11}: 9 parameters",
    }

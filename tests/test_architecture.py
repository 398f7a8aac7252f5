"""The package layout holds: layers import downwards only and no import cycle exists anywhere
(imports inside functions count). The layers are declared in pyproject.toml
([tool.importlinter]) and explained in docs/architecture.md."""

from __future__ import annotations

import graphlib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

import apology_clf

ROOT = Path(__file__).resolve().parents[1]


def import_cycle(package: str) -> list[str] | None:
    """One import cycle among the modules of ``package`` (function-level imports included,
    a package's ``__init__`` as the package's own name), or None."""
    graph = grimp.build_graph(package, cache_dir=None)
    sorter = graphlib.TopologicalSorter(
        {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    )
    try:
        sorter.prepare()
    except graphlib.CycleError as e:
        return list(e.args[1])
    return None


def test_layer_and_sibling_contracts_hold(capsys):
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_no_import_cycle_anywhere_in_the_package():
    cycle = import_cycle("apology_clf")
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_check_finds_a_cycle_through_a_lazy_import(tmp_path, monkeypatch):
    pkg = tmp_path / "cyclic_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "low.py").write_text("def f():\n    from .high import g\n    return g\n")
    (pkg / "high.py").write_text("from .low import f\n\ndef g():\n    return f\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    cycle = import_cycle("cyclic_pkg")
    assert cycle is not None
    assert set(cycle) == {"cyclic_pkg.low", "cyclic_pkg.high"}


def test_public_api_names_stay_importable_from_the_package():
    for name in ("ApologyClassifier", "RulesClassifier", "LabelSchema", "train", "evaluate"):
        assert name in apology_clf.__all__
        assert getattr(apology_clf, name) is not None

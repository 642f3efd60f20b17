"""No code path evaluates or unpickles anything: input is only ever parsed as JSON."""

from __future__ import annotations

import ast
from pathlib import Path

WORKER = Path(__file__).resolve().parents[2] / "worker"
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "jsonpickle"}
UNSAFE_BUILTINS = {"eval", "exec", "compile", "__import__"}


def _unsafe_calls(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in UNSAFE_BUILTINS:
                found.append(f"{func.id}() at line {node.lineno}")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            if owner in UNSAFE_MODULES or (owner == "yaml" and isinstance(func, ast.Attribute) and func.attr == "load"):
                found.append(f"{owner}.{getattr(func, 'attr', '?')}() at line {node.lineno}")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found.extend(f"import {name} at line {node.lineno}" for name in names if name in UNSAFE_MODULES)
    return found


def test_no_module_evaluates_or_unpickles() -> None:
    problems = {
        str(path.relative_to(WORKER.parent)): calls
        for path in sorted(WORKER.rglob("*.py"))
        if (calls := _unsafe_calls(ast.parse(path.read_text(), filename=str(path))))
    }
    assert not problems, problems


def test_the_scan_finds_what_it_looks_for() -> None:
    assert _unsafe_calls(ast.parse("import pickle\npickle.loads(b'')\neval('1')"))

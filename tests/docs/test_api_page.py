"""docs/api.md covers every public name: srcgrad.__all__ and the public submodules'."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import srcgrad

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
SUBMODULES = ["autograd", "nn", "nn.functional", "optim", "viz", "testing"]


def _documented() -> set[str]:
    """Every dotted name the page renders: ``::: name`` and its ``members: [...]``, and
    names given a section of their own (``### `srcgrad.name` ``)."""
    names, current = set(), None
    for line in PAGE.splitlines():
        heading = re.match(r"#+ `([\w.]+)`$", line)
        if heading:
            names.add(heading.group(1))
        directive = re.match(r"::: ([\w.]+)", line)
        if directive:
            current = directive.group(1)
            names.add(current)
        members = re.match(r"\s+members: \[(.*)\]", line)
        if members and current:
            names.update(f"{current}.{m.strip()}" for m in members.group(1).split(","))
    return names


def _public(module_name: str):
    module = importlib.import_module(f"srcgrad.{module_name}")
    for name in module.__all__:
        value = getattr(module, name)
        if inspect.ismodule(value):
            continue
        yield f"srcgrad.{module_name}.{name}", value


def _object(dotted: str):
    module, _, name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


@pytest.mark.parametrize("name", srcgrad.__all__)
def test_every_top_level_name_is_on_the_page(name):
    value = getattr(srcgrad, name)
    documented = _documented()
    # Under its public name, or under the module that defines it
    found = f"srcgrad.{name}" in documented or any(_object(d) is value for d in documented)
    assert found, f"docs/api.md lacks srcgrad.{name}"


@pytest.mark.parametrize("module", SUBMODULES)
def test_every_submodule_name_is_on_the_page(module):
    documented = _documented()
    top_level = {
        getattr(srcgrad, n) for n in srcgrad.__all__ if not inspect.ismodule(getattr(srcgrad, n))
    }
    # A name re-exported from the top level (autograd.no_grad) is documented there.
    missing = [d for d, value in _public(module) if d not in documented and value not in top_level]
    assert not missing, f"docs/api.md lacks {missing}"


def test_each_name_once():
    directives = re.findall(r"^::: ([\w.]+)", PAGE, flags=re.M)
    assert len(directives) == len(set(directives))

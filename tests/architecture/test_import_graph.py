"""The tape's modules import each other without a cycle, and the compiler's folders import
each other in one direction."""

from __future__ import annotations

from tests.architecture.import_graph import ROOT, cycles, graph, module_writes

# A compiler folder may import a folder of a lower rank, never of a higher one. Data flows
# frontend -> analysis -> backend, so a later stage imports the earlier ones (the back end
# reads the front end's normal form and the analyses' results); the generated code calls
# runtime, which imports no other folder; jit rewrites the back end's code.
RANKS = {"runtime": 0, "frontend": 1, "analysis": 2, "backend": 3, "jit": 4}

# The imports against that order, each with its reason. The front end's last stage
# (frontend/stages.py) runs the analyses that refuse code whose gradient would be lost, so
# that what the front end hands on is code the compiler accepts.
AGAINST_THE_ORDER = {
    ("srcgrad.compiler.frontend.stages", "srcgrad.compiler.analysis.activity"),
    ("srcgrad.compiler.frontend.stages", "srcgrad.compiler.analysis.aliasing"),
}


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[2] in RANKS else None


def test_the_tape_has_no_import_cycle():
    edges = graph("srcgrad/tape")
    assert "srcgrad.tape.tensor" in edges and "srcgrad.tape.record" in edges
    assert cycles(edges) == []


def test_a_cycle_is_found():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_tape_module_writes_into_another():
    found = [line for path in (ROOT / "srcgrad/tape").glob("*.py") for line in module_writes(path)]
    assert found == []


def test_a_write_into_a_module_is_found(tmp_path):
    path = tmp_path / "injects.py"
    path.write_text("from . import record\n\nclass Tensor:\n    pass\n\nrecord.Tensor = Tensor\n")
    assert module_writes(path) == ["injects.py:6: record.Tensor = ..."]


def test_the_compiler_reaches_the_tape_only_through_the_bridge():
    edges = graph("srcgrad")
    crossings = set()
    for module, targets in edges.items():
        for target in targets:
            compiler_to_tape = module.startswith("srcgrad.compiler") and target.startswith(
                ("srcgrad.tape", "srcgrad.autograd")
            )
            tape_to_compiler = module.startswith("srcgrad.tape.") and target.startswith(
                "srcgrad.compiler"
            )
            if compiler_to_tape or tape_to_compiler:
                crossings.add((module, target))
    assert crossings == {("srcgrad.compiler.runtime.islands", "srcgrad.tape_bridge")}


def test_compiler_folders_import_in_one_direction():
    edges = graph("srcgrad/compiler")
    against = set()
    for module, targets in edges.items():
        for target in targets:
            source_folder, target_folder = _folder(module), _folder(target)
            if source_folder and target_folder and RANKS[source_folder] < RANKS[target_folder]:
                against.add((module, target))
    assert against == AGAINST_THE_ORDER, (
        "a compiler folder imports a later one: "
        f"{sorted(against - AGAINST_THE_ORDER)}; import in the order {RANKS} instead "
        "(or remove an entry of AGAINST_THE_ORDER that is no longer needed: "
        f"{sorted(AGAINST_THE_ORDER - against)})"
    )
    assert {_folder(t) for t in edges["srcgrad.compiler.runtime"]} <= {"runtime", None}

"""Errors inside generated code name the user's line; transforming is safe from many threads."""

import importlib.util
import threading
import traceback

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler import pipeline


def _load(tmp_path, name, text):
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, path


SHAPES = """\
import numpy as np


def inner(a):
    return np.sum(a @ np.ones((4, 2)))


def outer(x, w):
    y = np.tanh(x)
    z = y @ w
    return inner(z)
"""


def test_error_in_a_callee_names_the_callee_line(tmp_path):
    module, path = _load(tmp_path, "shapes_mod", SHAPES)
    with pytest.raises(ValueError) as info:
        srcgrad.grad(module.outer, mode="compile")(np.ones(3), np.ones((3, 3)))
    assert info.value.__notes__ == [
        f"srcgrad: raised in the generated gradient of inner, from {path}:5: "
        "return np.sum(a @ np.ones((4, 2)))"
    ]
    # The traceback shows the generated lines themselves (registered with linecache).
    shown = "".join(traceback.format_exception(info.value))
    assert "inner1, inner1_backward1 = inner_vjp1(z)" in shown
    assert "matmul1 = a @ right1" in shown


BACKWARD = """\
import numpy as np


def scale(x, w):
    y = x * w
    return y
"""


def test_error_in_backward_names_the_user_line(tmp_path):
    module, path = _load(tmp_path, "backward_mod", BACKWARD)
    out, back = srcgrad.vjp(module.scale, np.ones(3), np.ones(3), mode="compile")
    with pytest.raises(ValueError) as info:
        back(np.ones((5, 7)))  # an output gradient of the wrong shape
    assert info.value.__notes__ == [
        f"srcgrad: raised in the generated gradient of scale, from {path}:5: y = x * w"
    ]


MANY = "import numpy as np\n\n" + "\n".join(
    f"""
def f{k}(x):
    s = 0.0
    for i in range({k % 3 + 1}):
        s = s + np.sum(np.sin(x * {k + 1}) ** 2)
    return s
"""
    for k in range(8)
)


def test_concurrent_first_calls_transform_once_and_agree(tmp_path, monkeypatch):
    module, _ = _load(tmp_path, "many_mod", MANY)
    functions = [getattr(module, f"f{k}") for k in range(8)]
    builds = []
    real_build = pipeline._build

    def counting_build(fn, active, compiled, *options):
        builds.append(fn.__name__)
        real_build(fn, active, compiled, *options)

    monkeypatch.setattr(pipeline, "_build", counting_build)
    x = np.array([0.3, -0.7, 1.1])
    expected = [srcgrad.grad(f, mode="tape")(x) for f in functions]
    results, errors = {}, []
    start = threading.Barrier(8)

    def work(worker):
        try:
            start.wait()
            order = functions[worker:] + functions[:worker]
            for f in order:
                results[worker, f.__name__] = srcgrad.grad(f, mode="compile")(x)
        except Exception as err:  # reported below, with the worker's number
            errors.append((worker, err))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(builds) == sorted(f.__name__ for f in functions)
    for (_worker, name), value in results.items():
        np.testing.assert_allclose(value, expected[int(name[1:])], rtol=1e-12)
    assert len(results) == 64

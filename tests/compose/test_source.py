"""``.source`` runs on its own: it starts with the imports of what it calls."""

import numpy as np

import srcgrad


def helper(v):
    return np.tanh(v) * 2


def model(x, w):
    return np.sum(helper(w @ x) ** 2) + np.max(x)


def test_source_runs_in_a_fresh_namespace():
    x, w = np.array([0.5, -1.0]), np.array([[1.0, 2.0], [0.3, 0.1]])
    gradient = srcgrad.grad(model, wrt=(0, 1), mode="compile")
    source = gradient.source
    assert source.startswith("import numpy as np\n")
    namespace = {}
    exec(compile(source, "<source>", "exec"), namespace)
    value, backward = namespace["model_vjp"](x, w)
    assert value == model(x, w)
    for got, want in zip(backward(1.0), gradient(x, w)):
        np.testing.assert_array_equal(got, want)


def test_values_no_import_names_are_listed():
    scale = np.array([2.0, 3.0])

    def scaled(x):
        return np.sum(scale * x**2)

    source = srcgrad.grad(scaled, mode="compile").source
    assert "#   user_cells: closure cells (scale)" in source

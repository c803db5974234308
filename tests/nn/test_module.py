"""Module: parameter discovery, zero_grad, train/eval, state_dict; Linear; Sequential."""

import numpy as np
import pytest

import srcgrad
from srcgrad import nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(np.ones(2))
        self.inner = nn.Linear(2, 2, rng=0)
        self.not_a_param = np.zeros(2)  # plain arrays are not parameters
        self.frozen = srcgrad.tensor(np.zeros(2))  # nor are plain tensors

    def forward(self, x):
        return self.inner(x) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Block()
        self.layers = nn.ModuleList([nn.Linear(2, 3, rng=1), nn.Linear(3, 1, bias=False)])
        self.offset = nn.Parameter(np.zeros(1))

    def forward(self, x):
        x = self.first(x)
        for layer in self.layers:
            x = np.tanh(layer(x))
        return x + self.offset


def test_named_parameters_recurse_in_assignment_order():
    # As in PyTorch: a module's own parameters first, then each sub-module's, depth first.
    names = [name for name, _ in Net().named_parameters()]
    assert names == [
        "offset",
        "first.scale",
        "first.inner.weight",
        "first.inner.bias",
        "layers.0.weight",
        "layers.0.bias",
        "layers.1.weight",
    ]


def test_parameters_are_leaves_that_require_grad():
    params = list(Net().parameters())
    assert len(params) == 7
    assert all(isinstance(p, srcgrad.Tensor) and p.requires_grad for p in params)
    assert all(p.is_leaf and p.grad_fn is None for p in params)


def test_shared_parameters_and_modules_are_listed_once():
    net = Net()
    net.again = net.first  # the same sub-module under a second name
    net.tied = net.offset
    assert len(list(net.parameters())) == 7
    assert len(list(net.modules())) == 6  # net, first, first.inner, layers, 2 linears


def test_backward_reaches_every_parameter_and_zero_grad_clears_it():
    net = Net()
    np.sum(net(np.ones((4, 2)))).backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_zero_grad_can_keep_zeroed_arrays():
    layer = nn.Linear(2, 1, rng=0)
    np.sum(layer(np.ones((3, 2)))).backward()
    layer.zero_grad(set_to_none=False)
    assert np.all(np.asarray(layer.weight.grad.data) == 0)


def test_train_and_eval_reach_every_module():
    net = Net()
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_state_dict_round_trip_copies_values():
    source, target = Net(), Net()
    for p in source.parameters():
        p.data = np.random.default_rng(5).standard_normal(p.shape)
    state = source.state_dict()
    target.load_state_dict(state)
    for (name, a), (_, b) in zip(
        source.named_parameters(), target.named_parameters(), strict=True
    ):
        np.testing.assert_array_equal(a.data, b.data, err_msg=name)
    state["offset"][...] = 7.0  # a copy: editing it leaves the module alone
    assert source.offset.data[0] != 7.0


def test_load_state_dict_checks_names_and_shapes():
    net = Net()
    state = net.state_dict()
    with pytest.raises(KeyError, match="missing"):
        net.load_state_dict({k: v for k, v in state.items() if k != "offset"})
    net.load_state_dict({"offset": np.ones(1)}, strict=False)
    assert net.offset.data[0] == 1.0
    with pytest.raises(ValueError, match="shape"):
        net.load_state_dict({**state, "offset": np.ones(2)})


def test_linear_init_is_uniform_within_one_over_sqrt_in_and_seeded():
    layer = nn.Linear(16, 300, rng=3)
    assert layer.weight.shape == (300, 16) and layer.bias.shape == (300,)
    bound = 1 / np.sqrt(16)
    for p in (layer.weight.data, layer.bias.data):
        assert np.all(np.abs(p) <= bound) and np.abs(p).max() > 0.9 * bound
    np.testing.assert_array_equal(nn.Linear(16, 300, rng=3).weight.data, layer.weight.data)
    assert nn.Linear(4, 2, bias=False).bias is None


def test_linear_forward_is_x_times_weight_transposed_plus_bias():
    layer = nn.Linear(3, 2, rng=0)
    x = np.arange(12.0).reshape(4, 3)
    expected = x @ layer.weight.data.T + layer.bias.data
    np.testing.assert_allclose(np.asarray(layer(x).data), expected)


def test_linear_gradient_matches_finite_differences(fd):
    layer = nn.Linear(3, 2, rng=0)
    x = np.random.default_rng(2).standard_normal((5, 3))
    weights = np.random.default_rng(3).standard_normal((5, 2))
    np.sum(np.tanh(layer(x)) * weights).backward()

    w0, b0 = layer.weight.data.copy(), layer.bias.data.copy()
    dw = fd(lambda w: np.sum(np.tanh(x @ w.T + b0) * weights), w0)
    db = fd(lambda b: np.sum(np.tanh(x @ w0.T + b) * weights), b0)
    np.testing.assert_allclose(np.asarray(layer.weight.grad.data), dw, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(np.asarray(layer.bias.grad.data), db, rtol=1e-6, atol=1e-9)


def test_linear_gradient_wrt_its_input(fd, tape_grad):
    layer = nn.Linear(3, 2, rng=0)
    w, b = layer.weight.data, layer.bias.data
    x = np.random.default_rng(4).standard_normal((5, 3))
    got = tape_grad(lambda t: np.sum(layer(t) ** 2), x)
    np.testing.assert_allclose(got, fd(lambda t: np.sum((t @ w.T + b) ** 2), x), rtol=1e-6)


def test_sequential_applies_modules_in_order():
    first, second = nn.Linear(2, 4, rng=0), nn.Linear(4, 1, rng=1)
    net = nn.Sequential(first, nn.Tanh(), second, nn.Sigmoid())
    x = np.ones((3, 2))
    hidden = np.tanh(x @ first.weight.data.T + first.bias.data)
    logit = hidden @ second.weight.data.T + second.bias.data
    np.testing.assert_allclose(np.asarray(net(x).data), 1 / (1 + np.exp(-logit)))
    assert len(net) == 4 and net[0] is first and isinstance(net[1:], nn.Sequential)
    assert [n for n, _ in net.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_activation_modules_match_functional():
    x = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(nn.ReLU()(x), np.maximum(x, 0))
    np.testing.assert_allclose(nn.Tanh()(x), np.tanh(x))
    np.testing.assert_allclose(nn.Sigmoid()(x), 1 / (1 + np.exp(-x)))


def test_module_list_rejects_non_modules_and_forward_is_required():
    with pytest.raises(TypeError):
        nn.ModuleList([np.zeros(2)])
    with pytest.raises(NotImplementedError):
        nn.Module()(1.0)


def test_repr_names_the_layers():
    text = repr(nn.Sequential(nn.Linear(2, 3), nn.ReLU()))
    assert "(0): Linear(in_features=2, out_features=3, bias=True)" in text
    assert "(1): ReLU()" in text

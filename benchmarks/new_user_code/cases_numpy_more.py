import numpy as np
from harness import reg

# Less common NumPy functions used the ordinary way: polynomial fitting, block matrices,
# set operations while cleaning data, float tricks, Bessel functions, tensor solves,
# joint histograms, piecewise definitions.


def detrended_energy(y):
    t = np.linspace(0.0, 1.0, len(y))
    coeffs = np.polyfit(t, y, 2)
    trend = np.polyval(coeffs, t)
    return np.sum((y - trend) ** 2)


reg(detrended_energy, lambda r: (r.randn(12),))


def weighted_fit_slope(w):
    t = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 2.5])
    y = np.array([0.1, 0.9, 2.2, 2.8, 4.1, 5.2])
    slope, intercept = np.polyfit(t, y, 1, w=w)
    return slope**2 + intercept


reg(weighted_fit_slope, lambda r: (0.5 + r.rand(6),))


def fitted_velocity(y):
    t = np.linspace(0.0, 2.0, len(y))
    position = np.polyfit(t, y, 3)
    velocity = np.polyder(position)
    return np.sum(np.polyval(velocity, t) ** 2)


reg(fitted_velocity, lambda r: (r.randn(10),))


def polynomial_product_area(a):
    b = np.array([1.0, -0.5, 0.25])
    product = np.polymul(a, b)
    antiderivative = np.polyint(product)
    return np.polyval(antiderivative, 1.0) - np.polyval(antiderivative, -1.0)


reg(polynomial_product_area, lambda r: (r.randn(3),))


def polynomial_mix(a):
    base = np.array([2.0, 0.0, -1.0, 0.5])
    mixed = np.polyadd(base, a * 0.5)
    gap = np.polysub(mixed, np.polyder(base))
    return np.sum(gap**2)


reg(polynomial_mix, lambda r: (r.randn(2),))


def remainder_after_division(c):
    quotient, remainder = np.polydiv(c, np.array([1.0, -0.5]))
    return np.sum(quotient**2) + 3.0 * np.sum(remainder)


reg(remainder_after_division, lambda r: (r.randn(5) + np.array([2.0, 0, 0, 0, 0]),))


def vandermonde_normal_equations(x):
    design = np.vander(x, 3, increasing=True)
    target = np.cos(np.arange(len(x)) * 0.3)
    beta = np.linalg.solve(design.T @ design + 0.1 * np.eye(3), design.T @ target)
    return np.sum((design @ beta - target) ** 2)


reg(vandermonde_normal_equations, lambda r: (np.linspace(-1, 1, 7) + 0.05 * r.randn(7),))


def fit_residual_loss(y):
    t = np.linspace(-1.0, 1.0, len(y))
    _, residuals, rank, _, _ = np.polyfit(t, y, 2, full=True)
    return residuals[0] / len(y)


reg(fit_residual_loss, lambda r: (r.randn(9),))


def kkt_solution(q):
    hessian = np.diag(q**2 + 1.0)
    constraint = np.array([[1.0, 1.0, 1.0]])
    kkt = np.block([[hessian, constraint.T], [constraint, np.zeros((1, 1))]])
    rhs = np.concatenate([np.array([1.0, -2.0, 0.5]), np.array([1.0])])
    solution = np.linalg.solve(kkt, rhs)
    return np.sum(solution[:3] ** 2)


reg(kkt_solution, lambda r: (r.randn(3),))


def block_covariance_logdet(s):
    a = np.array([[2.0, 0.3], [0.3, 1.0]])
    cross = np.outer(s[:2], s[2:]) * 0.1
    cov = np.block([[a, cross], [cross.T, a * (1.0 + s[0] ** 2)]])
    sign, logdet = np.linalg.slogdet(cov)
    return logdet


reg(block_covariance_logdet, lambda r: (r.randn(4),))


def merged_grid_integral(x):
    knots = np.array([-3.0, 0.05, 3.0])
    grid = np.union1d(x, knots)
    return np.trapezoid(np.exp(-(grid**2)), grid)


reg(merged_grid_integral, lambda r: (np.sort(r.uniform(-2.5, 2.5, 6)),))


def drop_blacklisted(x):
    blacklist = np.array([-999.0, 0.0])
    kept = np.setdiff1d(x, blacklist)
    return np.mean(kept**2) + np.max(kept)


reg(drop_blacklisted, lambda r: (r.randn(8),))


def joined_tables_loss(values):
    keys_a = np.array([4, 1, 9, 7, 3, 12])
    keys_b = np.array([3, 4, 5, 9, 12])
    reference = np.array([0.5, -1.0, 2.0, 0.3, 1.1])
    _, in_a, in_b = np.intersect1d(keys_a, keys_b, return_indices=True)
    return np.sum((values[in_a] - reference[in_b]) ** 2)


reg(joined_tables_loss, lambda r: (r.randn(6),))


def symmetric_difference_mass(x):
    y = np.array([0.25, 1.5, -0.75])
    only_one = np.setxor1d(x, y)
    return np.sum(np.tanh(only_one) * np.arange(len(only_one)))


reg(symmetric_difference_mass, lambda r: (r.randn(4),))


def group_means(x):
    labels = np.array([2, 0, 2, 1, 0, 2, 1, 1])
    groups, inverse = np.unique_inverse(labels)
    sums = np.bincount(inverse, weights=x)
    counts = np.bincount(inverse)
    return np.sum((sums / counts) ** 2) + len(groups)


reg(group_means, lambda r: (r.randn(8),))


def distinct_value_weights(x):
    result = np.unique_all(x)
    return np.sum(result.values**2 * result.counts)


reg(distinct_value_weights, lambda r: (r.randn(7),))


def hinge_on_violations(r):
    margins = 1.0 - r * np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
    violated = np.extract(margins > 0, margins)
    return np.sum(violated**2)


reg(hinge_on_violations, lambda r: (r.randn(6),))


def selected_columns_norm(m):
    keep = np.array([True, False, True, True])
    chosen = np.compress(keep, m.reshape(3, 4), axis=1)
    return np.sum(np.linalg.norm(chosen, axis=0))


reg(selected_columns_norm, lambda r: (r.randn(12),))


def trimmed_signal_energy(x):
    padded = np.concatenate([np.zeros(3), x, np.zeros(2)])
    core = np.trim_zeros(padded)
    return np.sum(core**2) / len(core)


reg(trimmed_signal_energy, lambda r: (r.randn(6) + 3.0,))


def soft_threshold(x):
    lam = 0.3
    shrunk = np.copysign(np.maximum(np.abs(x) - lam, 0.0), x)
    return np.sum((shrunk - 0.5) ** 2)


reg(soft_threshold, lambda r: (r.randn(8),))


def power_of_two_normalised(x):
    mantissa, exponent = np.frexp(np.max(np.abs(x)))
    scaled = np.ldexp(x, -exponent)
    return np.sum(scaled**2) + mantissa


reg(power_of_two_normalised, lambda r: (r.randn(6),))


def sawtooth_fit(freq):
    t = np.linspace(0.0, 1.0, 25)
    phase, _ = np.modf(t * freq)
    target = np.linspace(0.0, 0.9, 25)
    return np.sum((phase - target) ** 2)


reg(sawtooth_fit, lambda r: (float(0.33 + 0.1 * r.rand()),))


def wrapped_angles(theta):
    turns, wrapped = np.divmod(theta, 2 * np.pi)
    return np.sum(np.sin(wrapped) * wrapped) + 0.0 * np.sum(turns)


reg(wrapped_angles, lambda r: (r.uniform(-10, 10, 5),))


def von_mises_nll(params):
    mu, log_kappa = params[0], params[1]
    kappa = np.exp(log_kappa)
    angles = np.array([0.1, -0.4, 0.8, 0.3, -0.2, 0.05])
    return -np.sum(kappa * np.cos(angles - mu)) + len(angles) * np.log(2 * np.pi * np.i0(kappa))


reg(von_mises_nll, lambda r: (np.array([0.1, 0.5]) + 0.2 * r.randn(2),))


def kaiser_window_leakage(beta):
    n = np.arange(16)
    ratio = 2.0 * n / 15 - 1.0
    window = np.i0(beta * np.sqrt(1.0 - ratio**2)) / np.i0(beta)
    spectrum_tail = window[:3]
    return np.sum(spectrum_tail**2) / np.sum(window**2)


reg(kaiser_window_leakage, lambda r: (float(2.0 + 4.0 * r.rand()),))


def safe_normalise(x):
    norm = np.sqrt(np.sum(x**2))
    tiny = np.spacing(norm)
    unit = x / (norm + tiny)
    return np.sum(unit * np.array([1.0, 2.0, 3.0, 4.0]))


reg(safe_normalise, lambda r: (r.randn(4),))


def next_float_guard(p):
    lower = np.nextafter(0.0, 1.0)
    clipped = np.maximum(p, lower)
    return -np.sum(np.log(clipped) * np.array([0.2, 0.3, 0.5]))


reg(next_float_guard, lambda r: (0.1 + r.rand(3),))


def tensor_equation_solution(x):
    stiffness = np.eye(6).reshape(6, 2, 3) * 4.0 + 0.1 * np.outer(x, x).reshape(6, 2, 3)
    displacement = np.linalg.tensorsolve(stiffness, np.ones(6))
    return np.sum(displacement**2)


reg(tensor_equation_solution, lambda r: (r.randn(6),))


def compliance_tensor(m):
    stiffness = (np.eye(4) * 3.0 + np.outer(m, m) * 0.2).reshape(2, 2, 2, 2)
    compliance = np.linalg.tensorinv(stiffness, ind=2)
    return np.einsum("ijij->", compliance)


reg(compliance_tensor, lambda r: (r.randn(4),))


def joint_histogram_weighted(logits):
    x = np.array([0.1, 0.4, 0.35, 0.8, 0.9, 0.2])
    y = np.array([1.0, 0.2, 0.7, 0.6, 0.1, 0.9])
    w = np.exp(logits) / np.sum(np.exp(logits))
    joint, _, _ = np.histogram2d(x, y, bins=2, range=[[0, 1], [0, 1]], weights=w)
    return -np.sum(joint * np.log(joint + 1e-9))


reg(joint_histogram_weighted, lambda r: (r.randn(6),))


def histogram_cube_density(points):
    counts, edges = np.histogramdd(points.reshape(8, 3), bins=2, density=True)
    widths = [np.diff(e) for e in edges]
    return np.sum(counts) * widths[0][0] + np.sum(edges[1])


reg(histogram_cube_density, lambda r: (r.randn(24),))


def huber_by_pieces(r):
    delta = 1.0
    loss = np.piecewise(
        r,
        [np.abs(r) <= delta, np.abs(r) > delta],
        [lambda v: 0.5 * v**2, lambda v: delta * (np.abs(v) - 0.5 * delta)],
    )
    return np.sum(loss)


reg(huber_by_pieces, lambda r: (2.0 * r.randn(8),))


def bracket_tax(income):
    def low(v):
        return 0.1 * v

    def high(v):
        return 2.0 + 0.3 * (v - 20.0)

    return np.sum(np.piecewise(income, [income < 20.0], [low, high]))


reg(bracket_tax, lambda r: (r.uniform(5.0, 40.0, 5),))


def normalised_by_axes(x):
    grid = x.reshape(2, 3, 2) ** 2
    totals = np.apply_over_axes(np.sum, grid, [0, 2])
    return np.sum(grid / totals * np.arange(12).reshape(2, 3, 2))


reg(normalised_by_axes, lambda r: (r.randn(12),))


def overdamped_decay_rates(k):
    damping = 3.0
    rates = np.roots(np.array([1.0, damping, k]))
    return np.sum(rates**2) + np.max(rates)


reg(overdamped_decay_rates, lambda r: (float(0.5 + r.rand()),))


def triangle_perimeter(points):
    xs, ys = np.unstack(points.reshape(3, 2), axis=1)
    dx = xs - np.roll(xs, 1)
    dy = ys - np.roll(ys, 1)
    return np.sum(np.sqrt(dx**2 + dy**2))


reg(triangle_perimeter, lambda r: (r.randn(6),))


def stacked_features(x):
    design = np.row_stack([np.ones_like(x), x, x**2])
    return np.sum((design.T @ np.array([0.5, -1.0, 0.25])) ** 2)


reg(stacked_features, lambda r: (r.randn(5),))


def rank_guarded_solve(a):
    m = a.reshape(3, 3) + 2.0 * np.eye(3)
    if np.linalg.matrix_rank(m) < 3:
        return np.sum(m**2)
    return np.sum(np.linalg.solve(m, np.ones(3)))


reg(rank_guarded_solve, lambda r: (0.3 * r.randn(9),))

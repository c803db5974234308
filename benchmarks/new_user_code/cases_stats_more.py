import math

import numpy as np
from harness import reg

# Statistics: estimators, likelihoods, resampling with fixed seeds, histograms.


def weighted_variance(w):
    x = np.array([1.0, 2.5, 0.3, 4.0, 2.2])
    wn = w / np.sum(w)
    mean = np.sum(wn * x)
    return np.sum(wn * (x - mean) ** 2)


reg(weighted_variance, lambda r: (r.rand(5) + 0.5,))


def student_t_loglik(params):
    mu, log_s = params[0], params[1]
    nu = 4.0
    data = np.array([0.3, -1.2, 2.1, 0.7, 0.1, -0.4])
    s = np.exp(log_s)
    z = (data - mu) / s
    ll = (
        math.lgamma((nu + 1) / 2)
        - math.lgamma(nu / 2)
        - 0.5 * math.log(nu * math.pi)
        - np.log(s)
        - (nu + 1) / 2 * np.log1p(z**2 / nu)
    )
    return -np.sum(ll)


reg(student_t_loglik, lambda r: (np.array([0.1, 0.2]) + 0.1 * r.randn(2),))


def bootstrap_mean_se(x):
    rng = np.random.default_rng(42)
    means = []
    for _ in range(20):
        idx = rng.integers(0, len(x), len(x))
        means.append(np.mean(x[idx]))
    means = np.array(means)
    return np.std(means)


reg(bootstrap_mean_se, lambda r: (r.randn(8),), jvp=False)


def histogram_density_entropy(x):
    counts, edges = np.histogram(x, bins=4, density=True)
    widths = np.diff(edges)
    p = counts * widths
    return -np.sum(p * np.log(p + 1e-12)) + np.sum(edges) * 0.1


reg(histogram_density_entropy, lambda r: (r.randn(12),))


def kernel_density(x):
    grid = np.linspace(-2, 2, 9)
    h = 0.5
    diffs = (grid[:, None] - x[None, :]) / h
    dens = np.exp(-0.5 * diffs**2).sum(axis=1) / (len(x) * h * math.sqrt(2 * math.pi))
    return np.sum(dens * grid**2)


reg(kernel_density, lambda r: (r.randn(6),))


def robust_huber_mean(mu):
    data = np.array([0.1, 0.4, -0.3, 5.0, 0.2, -0.1])
    r = data - mu
    delta = 1.0
    loss = np.where(np.abs(r) <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta))
    return np.sum(loss)


reg(robust_huber_mean, lambda r: (float(0.2 + 0.1 * r.rand()),))


def pearson_from_scratch(x):
    y = np.array([1.0, 2.1, 2.9, 4.2, 5.1])
    xm, ym = x - x.mean(), y - y.mean()
    return np.sum(xm * ym) / math.sqrt(np.sum(xm**2) * np.sum(ym**2))


reg(pearson_from_scratch, lambda r: (r.randn(5),))


def quantile_loss(q_pred):
    y = np.array([0.2, 0.9, 1.7, -0.4])
    taus = np.array([0.1, 0.5, 0.9])
    err = y[:, None] - q_pred[None, :]
    return np.mean(np.maximum(taus * err, (taus - 1) * err))


reg(quantile_loss, lambda r: (np.sort(r.randn(3)) + 0.05,))


def ecdf_smooth(x):
    grid = np.linspace(-1.5, 1.5, 7)
    ecdf = np.mean(1.0 / (1.0 + np.exp(-(grid[:, None] - x[None, :]) / 0.2)), axis=1)
    return np.sum((ecdf - np.clip(grid / 3 + 0.5, 0, 1)) ** 2)


reg(ecdf_smooth, lambda r: (r.randn(6),))


def bincount_weighted_means(w):
    groups = np.array([0, 1, 1, 2, 0, 2, 2])
    sums = np.bincount(groups, weights=w)
    counts = np.bincount(groups)
    return np.sum((sums / counts) ** 2)


reg(bincount_weighted_means, lambda r: (r.randn(7),))


def unique_group_totals(values):
    labels = np.array([3, 1, 3, 2, 1])
    keys, inverse = np.unique(labels, return_inverse=True)
    totals = np.zeros(len(keys))
    np.add.at(totals, inverse, values)
    return np.sum(totals**2 * keys)


reg(unique_group_totals, lambda r: (r.randn(5),))

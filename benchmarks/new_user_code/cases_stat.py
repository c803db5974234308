import math

import numpy as np
from harness import reg


def gauss_loglik(mu, x):
    sigma = 1.3
    n = len(x)
    return -0.5 * n * math.log(2 * math.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2)


reg(gauss_loglik, lambda r: (float(r.randn()), r.randn(6)))


def gauss_loglik_params(theta, x):
    mu, log_s = theta[0], theta[1]
    s = np.exp(log_s)
    return np.sum(-np.log(s) - 0.5 * ((x - mu) / s) ** 2)


reg(gauss_loglik_params, lambda r: (r.randn(2) * 0.3, r.randn(6)))


def logsumexp(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(a - m), axis=axis))


def gmm_loglik(means, x):
    w = np.array([0.3, 0.7])
    lp = -0.5 * (x[:, None] - means[None, :]) ** 2 - 0.5 * np.log(2 * np.pi) + np.log(w)
    return np.sum(logsumexp(lp, axis=1))


reg(gmm_loglik, lambda r: (r.randn(2), r.randn(7)))


def gmm_loops(params, data):
    K = len(params) // 3
    mus = params[:K]
    log_sig = params[K : 2 * K]
    logits = params[2 * K :]
    pis = np.exp(logits) / np.sum(np.exp(logits))
    total = 0.0
    for x in data:
        p = 0.0
        for k in range(K):
            s = math.exp(log_sig[k])
            p += pis[k] * math.exp(-0.5 * ((x - mus[k]) / s) ** 2) / (s * math.sqrt(2 * math.pi))
        total += math.log(p)
    return total


reg(gmm_loops, lambda r: (r.randn(6) * 0.5, r.randn(5)))


def rbf_gram(x, ell=0.7):
    n = len(x)
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = math.exp(-((x[i] - x[j]) ** 2) / (2 * ell**2))
    return np.sum(K @ np.ones(n))


reg(rbf_gram, lambda r: (r.randn(4),))


def kernel_fn(a, b, ell):
    return np.exp(-np.sum((a - b) ** 2) / (2 * ell * ell))


def gram_helper(X):
    n = X.shape[0]
    K = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            K[i, j] = kernel_fn(X[i], X[j], 1.0)
            K[j, i] = K[i, j]
    return np.sum(K * np.arange(n * n).reshape(n, n))


reg(gram_helper, lambda r: (r.randn(3, 2),))


def gp_nll(log_ell, X, y):
    ell = np.exp(log_ell)
    d = X[:, None] - X[None, :]
    K = np.exp(-0.5 * d**2 / ell**2) + 0.1 * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


reg(gp_nll, lambda r: (float(r.randn() * 0.2), r.randn(5), r.randn(5)))


def gp_nll_slogdet(log_ell, X, y):
    ell = np.exp(log_ell)
    d = X[:, None] - X[None, :]
    K = np.exp(-0.5 * d**2 / ell**2) + 0.1 * np.eye(len(X))
    sign, logdet = np.linalg.slogdet(K)
    return 0.5 * y @ np.linalg.inv(K) @ y + 0.5 * logdet


reg(gp_nll_slogdet, lambda r: (float(r.randn() * 0.2), r.randn(5), r.randn(5)))


def mvn_logpdf(mu, x, S):
    d = x - mu
    Sinv = np.linalg.inv(S)
    return -0.5 * d @ Sinv @ d - 0.5 * np.log(np.linalg.det(2 * np.pi * S))


reg(mvn_logpdf, lambda r: (r.randn(3), r.randn(3), np.eye(3) + 0.1 * np.ones((3, 3))))


def poisson_loglik(log_rate, k):
    lam = np.exp(log_rate)
    return np.sum(k * np.log(lam) - lam - np.array([math.lgamma(v + 1) for v in k]))


reg(poisson_loglik, lambda r: (r.randn(4) * 0.3, np.array([1, 0, 3, 2])))


def poisson_math(lam):
    k = 3
    return k * math.log(lam) - lam - math.lgamma(k + 1)


reg(poisson_math, lambda r: (float(1 + r.rand()),))


def student_t_loglik(nu, x):
    return np.sum(
        math.lgamma((nu + 1) / 2)
        - math.lgamma(nu / 2)
        - 0.5 * np.log(nu * np.pi)
        - (nu + 1) / 2 * np.log1p(x**2 / nu)
    )


reg(student_t_loglik, lambda r: (float(3 + r.rand()), r.randn(5)))


def bernoulli_nll(p, y):
    eps = 1e-9
    p = np.clip(p, eps, 1 - eps)
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))


reg(bernoulli_nll, lambda r: (0.2 + 0.6 * r.rand(5), (r.rand(5) > 0.5) * 1.0))


def beta_logpdf(a, x):
    b = 2.0
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return np.sum((a - 1) * np.log(x) + (b - 1) * np.log(1 - x)) - len(x) * lbeta


reg(beta_logpdf, lambda r: (float(1.5 + r.rand()), 0.1 + 0.8 * r.rand(4)))


def erf_cdf_loss(mu, x):
    z = (x - mu) / math.sqrt(2)
    cdf = np.array([0.5 * (1 + math.erf(v)) for v in z])
    return np.sum(np.log(cdf))


reg(erf_cdf_loss, lambda r: (float(r.randn() * 0.3), r.randn(4)))


def weighted_mean_var(w, x):
    wn = w / w.sum()
    m = np.sum(wn * x)
    v = np.sum(wn * (x - m) ** 2)
    return m + v


reg(weighted_mean_var, lambda r: (r.rand(5) + 0.5, r.randn(5)))


def np_average(w, x):
    return np.average(x, weights=w) ** 2


reg(np_average, lambda r: (r.rand(5) + 0.5, r.randn(5)))


def covariance_trace(X):
    C = np.cov(X.T)
    return np.trace(C @ C)


reg(covariance_trace, lambda r: (r.randn(6, 3),))


def cov_by_hand(X):
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / (X.shape[0] - 1)
    return np.sum(C**2)


reg(cov_by_hand, lambda r: (r.randn(6, 3),))


def corrcoef_loss(x, y):
    xm = x - x.mean()
    ym = y - y.mean()
    return np.sum(xm * ym) / np.sqrt(np.sum(xm**2) * np.sum(ym**2))


reg(corrcoef_loss, lambda r: (r.randn(6), r.randn(6)))


def kde_logpdf(x, data):
    h = 0.5
    total = 0.0
    for xi in x:
        total += np.log(np.mean(np.exp(-0.5 * ((xi - data) / h) ** 2)) / (h * np.sqrt(2 * np.pi)))
    return total


reg(kde_logpdf, lambda r: (r.randn(3), r.randn(6)))


def mmd(X, Y):
    def k(a, b):
        return np.exp(-np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1))

    return k(X, X).mean() + k(Y, Y).mean() - 2 * k(X, Y).mean()


reg(mmd, lambda r: (r.randn(4, 2), r.randn(5, 2)))


def ridge_closed_form(lam, X, y):
    A = X.T @ X + lam * np.eye(X.shape[1])
    w = np.linalg.solve(A, X.T @ y)
    return np.sum((X @ w - y) ** 2)


reg(ridge_closed_form, lambda r: (float(0.5 + r.rand()), r.randn(6, 3), r.randn(6)))


def em_step_gauss(mu, x):
    for _ in range(3):
        r1 = np.exp(-0.5 * (x - mu[0]) ** 2)
        r2 = np.exp(-0.5 * (x - mu[1]) ** 2)
        g = r1 / (r1 + r2)
        mu = np.array([np.sum(g * x) / np.sum(g), np.sum((1 - g) * x) / np.sum(1 - g)])
    return mu[0] - mu[1]


reg(em_step_gauss, lambda r: (np.array([-1.0, 1.0]) + 0.1 * r.randn(2), r.randn(8)))


def dirichlet_logpdf(alpha, p):
    return (
        math.lgamma(np.sum(alpha))
        - sum(math.lgamma(a) for a in alpha)
        + np.sum((alpha - 1) * np.log(p))
    )


reg(dirichlet_logpdf, lambda r: (r.rand(3) + 1, np.array([0.2, 0.3, 0.5])))


def entropy(logits):
    p = np.exp(logits) / np.exp(logits).sum()
    return -np.sum(p * np.log(p))


reg(entropy, lambda r: (r.randn(5),))


def quantile_loss(q, y):
    tau = 0.3
    e = y - q
    return np.sum(np.maximum(tau * e, (tau - 1) * e))


reg(quantile_loss, lambda r: (r.randn(5), r.randn(5)))


def median_loss(x):
    return np.median(x) ** 2 + np.sum(x)


reg(median_loss, lambda r: (r.randn(5),))


def percentile_loss(x):
    return np.percentile(x, 75) * 2


reg(percentile_loss, lambda r: (r.randn(6),))


def sorted_weights(x):
    s = np.sort(x)
    return np.sum(s * np.arange(1, len(x) + 1))


reg(sorted_weights, lambda r: (r.randn(5),))


def bootstrap_fixed(x):
    rng = np.random.default_rng(1)
    idx = rng.integers(0, len(x), size=(4, len(x)))
    means = x[idx].mean(axis=1)
    return np.var(means)


reg(bootstrap_fixed, lambda r: (r.randn(6),))


def mahalanobis(x, mu, L):
    S = L @ L.T + np.eye(len(x))
    d = x - mu
    return d @ np.linalg.solve(S, d)


reg(mahalanobis, lambda r: (r.randn(3), r.randn(3), r.randn(3, 3)))


def chol_wrt_matrix(A):
    S = A @ A.T + 3 * np.eye(3)
    L = np.linalg.cholesky(S)
    return np.sum(np.log(np.diag(L))) + L[2, 0]


reg(chol_wrt_matrix, lambda r: (r.randn(3, 3),))


def pca_top(X):
    C = X.T @ X
    w, V = np.linalg.eigh(C)
    return w[-1]


reg(pca_top, lambda r: (r.randn(5, 3),))


def running_stats_welford(x):
    mean = 0.0
    m2 = 0.0
    for n, v in enumerate(x, start=1):
        delta = v - mean
        mean += delta / n
        m2 += delta * (v - mean)
    return m2 / (len(x) - 1)


reg(running_stats_welford, lambda r: (r.randn(6),))

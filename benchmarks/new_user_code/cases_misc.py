import math

import numpy as np
from harness import reg


def npv(rate, cfs):
    total = 0.0
    for t, cf in enumerate(cfs):
        total += cf / (1 + rate) ** t
    return total


reg(npv, lambda r: (float(0.05 + 0.05 * r.rand()), r.rand(5) * 100))


def npv_vec(cfs):
    t = np.arange(len(cfs))
    return np.sum(cfs * np.exp(-0.04 * t))


reg(npv_vec, lambda r: (r.rand(5) * 10,))


def ncdf(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def black_scholes(S):
    K, T, r, sig = 100.0, 1.0, 0.02, 0.25
    d1 = (math.log(S / K) + (r + 0.5 * sig**2) * T) / (sig * math.sqrt(T))
    d2 = d1 - sig * math.sqrt(T)
    return S * ncdf(d1) - K * math.exp(-r * T) * ncdf(d2)


reg(black_scholes, lambda r: (float(95 + 10 * r.rand()),))


def bs_vector(params):
    S, sig = params
    K, T, r = 100.0, 0.5, 0.01
    d1 = (np.log(S / K) + (r + 0.5 * sig**2) * T) / (sig * np.sqrt(T))
    d2 = d1 - sig * np.sqrt(T)
    from_erf = lambda z: 0.5 * (1 + np.tanh(0.7978845608 * (z + 0.044715 * z**3)))  # noqa: E731
    return S * from_erf(d1) - K * np.exp(-r * T) * from_erf(d2)


reg(bs_vector, lambda r: (np.array([100 + r.rand(), 0.2 + 0.1 * r.rand()]),))


def mc_call_fixed_paths(S0):
    rng = np.random.RandomState(42)
    z = rng.randn(200)
    ST = S0 * np.exp(-0.5 * 0.04 + 0.2 * z)
    payoff = np.maximum(ST - 100.0, 0.0)
    return np.mean(payoff)


reg(mc_call_fixed_paths, lambda r: (float(100 + r.rand()),))


def asian_path(S0):
    rng = np.random.RandomState(0)
    steps = 10
    S = np.empty(steps + 1)
    S[0] = S0
    for t in range(steps):
        S[t + 1] = S[t] * math.exp(0.01 + 0.1 * rng.randn())
    return max(S.mean() - 90.0, 0.0)


reg(asian_path, lambda r: (float(100 + r.rand()),))


def bond_price(y):
    coupons = [5.0] * 4 + [105.0]
    return sum(c * math.exp(-y * (t + 1)) for t, c in enumerate(coupons))


reg(bond_price, lambda r: (float(0.03 + 0.01 * r.rand()),))


def portfolio_var(w, C):
    w = w / np.sum(w)
    return w @ C @ w


reg(portfolio_var, lambda r: (r.rand(3) + 0.5, np.eye(3) + 0.2))


def sharpe(w, R):
    p = R @ w
    return np.mean(p) / np.std(p)


reg(sharpe, lambda r: (r.rand(3), r.randn(10, 3) * 0.01 + 0.01))


def annuity_while(rate):
    bal = 1000.0
    pay = 0.0
    k = 0
    while k < 12:
        interest = bal * rate / 12
        bal = bal + interest - 90.0
        pay += 90.0 - interest
        k += 1
    return bal


reg(annuity_while, lambda r: (float(0.05 + 0.01 * r.rand()),))


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


reg(rosenbrock, lambda r: (r.randn(4),))


def rosenbrock_loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2
    return s


reg(rosenbrock_loop, lambda r: (r.randn(4),))


def penalty_method(x):
    f = np.sum(x**2)
    g = np.sum(x) - 1.0
    h = np.array([x[0] - 0.5, -x[1]])
    pen = 10 * g**2 + 10 * np.sum(np.maximum(h, 0) ** 2)
    return f + pen


reg(penalty_method, lambda r: (r.randn(3),))


def log_barrier(x):
    return -np.sum(np.log(1 - x**2)) + np.dot(x, np.arange(len(x)))


reg(log_barrier, lambda r: (r.rand(3) * 0.8 - 0.4,))


def ackley(x):
    n = len(x)
    return (
        -20 * np.exp(-0.2 * np.sqrt(np.sum(x**2) / n))
        - np.exp(np.sum(np.cos(2 * np.pi * x)) / n)
        + 20
        + np.e
    )


reg(ackley, lambda r: (r.randn(3),))


def rastrigin(x):
    return 10 * len(x) + sum(xi**2 - 10 * math.cos(2 * math.pi * xi) for xi in x)


reg(rastrigin, lambda r: (r.randn(3),))


def gd_inner_loop(x0):
    x = x0
    for _ in range(5):
        g = np.array([2 * x[0], 20 * x[1]])
        x = x - 0.04 * g
    return np.sum(x**2)


reg(gd_inner_loop, lambda r: (r.randn(2),))


def line_search_while(x):
    t = 1.0
    f0 = np.sum(x**2)
    d = -2 * x
    while np.sum((x + t * d) ** 2) > f0 - 0.5 * t * np.sum(d * d):
        t *= 0.5
    return np.sum((x + t * d) ** 2)


reg(line_search_while, lambda r: (r.randn(3),))


def polygon_area(pts):
    x = pts[:, 0]
    y = pts[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


reg(polygon_area, lambda r: (np.array([[0, 0], [1, 0], [1, 1], [0, 1.0]]) + 0.1 * r.randn(4, 2),))


def shoelace_loop(pts):
    n = len(pts)
    a = 0.0
    for i in range(n):
        j = (i + 1) % n
        a += pts[i][0] * pts[j][1] - pts[j][0] * pts[i][1]
    return 0.5 * a


reg(shoelace_loop, lambda r: (np.array([[0, 0], [1, 0], [1, 1], [0, 1.0]]) + 0.1 * r.randn(4, 2),))


def triangle_normal(P):
    a, b, c = P
    n = np.cross(b - a, c - a)
    return np.linalg.norm(n)


reg(triangle_normal, lambda r: (r.randn(3, 3),))


def cross_by_hand(P):
    u = P[1] - P[0]
    v = P[2] - P[0]
    n = np.array([u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]])
    return np.sqrt(n @ n)


reg(cross_by_hand, lambda r: (r.randn(3, 3),))


def pairwise_dist(X):
    D = np.sqrt(np.sum((X[:, None] - X[None]) ** 2, axis=-1) + 1e-12)
    return np.sum(np.triu(D, 1))


reg(pairwise_dist, lambda r: (r.randn(4, 2),))


def pairwise_dist_loops(X):
    n = X.shape[0]
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            D[i, j] = np.linalg.norm(X[i] - X[j])
    return D.sum()


reg(pairwise_dist_loops, lambda r: (r.randn(4, 2),))


def angle_between(v):
    u = np.array([1.0, 0.5, 0.2])
    c = v @ u / (np.linalg.norm(v) * np.linalg.norm(u))
    return np.arccos(np.clip(c, -1, 1))


reg(angle_between, lambda r: (r.randn(3),))


def atan2_heading(p):
    return np.sum(np.arctan2(p[:, 1], p[:, 0]) ** 2)


reg(atan2_heading, lambda r: (r.randn(3, 2),))


def rotation_matrix_loop(angles):
    R = np.eye(2)
    for a in angles:
        c, s = math.cos(a), math.sin(a)
        R = R @ np.array([[c, -s], [s, c]])
    return R[0, 1] + R[1, 1] * 2


reg(rotation_matrix_loop, lambda r: (r.randn(3),))


def bezier(ctrl):
    t = np.linspace(0, 1, 7)[:, None]
    p0, p1, p2 = ctrl
    curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t**2 * p2
    return np.sum(np.linalg.norm(np.diff(curve, axis=0), axis=1))


reg(bezier, lambda r: (r.randn(3, 2),))


def bezier_decasteljau(ctrl):
    pts = [ctrl[i] for i in range(len(ctrl))]
    t = 0.3
    while len(pts) > 1:
        pts = [(1 - t) * pts[i] + t * pts[i + 1] for i in range(len(pts) - 1)]
    return np.sum(pts[0] ** 2)


reg(bezier_decasteljau, lambda r: (r.randn(4, 2),))


def quaternion_rotate(q):
    q = q / np.linalg.norm(q)
    w, x, y, z = q
    R = np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )
    return np.sum(R @ np.array([1.0, 2.0, 3.0]))


reg(quaternion_rotate, lambda r: (r.randn(4),))


def poisson_1d_solve(f):
    n = len(f)
    A = 2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)
    u = np.linalg.solve(A, f)
    return u @ u


reg(poisson_1d_solve, lambda r: (r.randn(5),))


def tridiag_thomas(d):
    n = len(d)
    a = -np.ones(n)
    b = 2.5 * np.ones(n)
    c = -np.ones(n)
    cp = np.zeros(n)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / m
        dp[i] = (d[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x**2)


reg(tridiag_thomas, lambda r: (r.randn(5),))


def gradient_np(u):
    return np.sum(np.gradient(u) ** 2)


reg(gradient_np, lambda r: (r.randn(6),))


def trapz_integral(y):
    x = np.linspace(0, 1, len(y))
    return np.trapezoid(y**2, x)


reg(trapz_integral, lambda r: (r.randn(6),))


def simpson_hand(a):
    n = 10
    h = 1.0 / n
    s = 0.0
    for i in range(n + 1):
        x = i * h
        w = 1 if i in (0, n) else (4 if i % 2 else 2)
        s += w * math.exp(-a * x * x)
    return s * h / 3


reg(simpson_hand, lambda r: (float(r.rand() + 0.5),))


def complex_abs2(x):
    z = x[0] + 1j * x[1]
    w = z * z + 2 * z
    return abs(w) ** 2


reg(complex_abs2, lambda r: (r.randn(2),))


def complex_conj_product(x):
    z = np.exp(1j * x)
    return np.real(np.sum(z * np.conj(z[::-1])))


reg(complex_conj_product, lambda r: (r.randn(4),))


def complex_phase_matmul(x):
    M = np.array([[1.0, 1j], [2j, 1.0]])
    y = M @ x
    return np.sum(np.abs(y) ** 2)


reg(complex_phase_matmul, lambda r: (r.randn(2),))


def complex_real_of_dot(x):
    c = np.array([1 + 2j, 3 - 1j])
    y = np.dot(c, x) * (1 - 1j)
    return y.real + 2 * y.imag


reg(complex_real_of_dot, lambda r: (r.randn(2),))


def complex_mul_const(x):
    c = 1 + 2j
    z = c * x
    return np.sum(z.real * z.imag)


reg(complex_mul_const, lambda r: (r.randn(2),))


def complex_vdot(x):
    c = np.array([1 + 2j, 3 - 1j])
    return np.abs(np.vdot(c, x)) ** 2


reg(complex_vdot, lambda r: (r.randn(2),))

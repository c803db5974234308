import math

import numpy as np
from harness import reg


def euler_decay(k):
    n = 20
    dt = 0.05
    y = np.empty(n + 1)
    y[0] = 1.0
    for i in range(n):
        y[i + 1] = y[i] - dt * k * y[i]
    return y[-1]


reg(euler_decay, lambda r: (float(r.rand() + 0.5),))


def euler_oscillator(params):
    k, c = params[0], params[1]
    x, v = 1.0, 0.0
    dt = 0.01
    for _ in range(100):
        a = -k * x - c * v
        x += dt * v
        v += dt * a
    return x**2 + v**2


reg(euler_oscillator, lambda r: (r.rand(2) + 0.5,))


def rk4_step(f, y, t, dt):
    k1 = f(t, y)
    k2 = f(t + dt / 2, y + dt / 2 * k1)
    k3 = f(t + dt / 2, y + dt / 2 * k2)
    k4 = f(t + dt, y + dt * k3)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def rk4_pendulum(y0):
    def rhs(t, y):
        return np.array([y[1], -np.sin(y[0])])

    y = y0
    t = 0.0
    for _ in range(20):
        y = rk4_step(rhs, y, t, 0.05)
        t += 0.05
    return y[0] * y[1]


reg(rk4_pendulum, lambda r: (r.rand(2),))


def rk4_param(k):
    def rhs(t, y):
        return -k * y + np.sin(t)

    y = np.array([1.0, 2.0])
    for i in range(10):
        y = rk4_step(rhs, y, i * 0.1, 0.1)
    return np.sum(y)


reg(rk4_param, lambda r: (float(r.rand() + 0.5),))


def leapfrog(q0, p0):
    n = 30
    dt = 0.05
    qs = np.zeros((n + 1, q0.size))
    ps = np.zeros((n + 1, q0.size))
    qs[0] = q0
    ps[0] = p0
    for i in range(n):
        p_half = ps[i] - 0.5 * dt * qs[i]
        qs[i + 1] = qs[i] + dt * p_half
        ps[i + 1] = p_half - 0.5 * dt * qs[i + 1]
    return np.sum(qs[-1] ** 2 + ps[-1] ** 2) + np.sum(qs[:, 0])


reg(leapfrog, lambda r: (r.randn(2), r.randn(2)))


def verlet_inplace(x0):
    x = x0.copy()
    v = np.zeros_like(x)
    dt = 0.1
    a = -(x**3)
    for _ in range(10):
        x += v * dt + 0.5 * a * dt * dt
        a_new = -(x**3)
        v += 0.5 * (a + a_new) * dt
        a = a_new
    return np.sum(x * v)


reg(verlet_inplace, lambda r: (r.randn(3),))


def nbody_energy(pos):
    n = pos.shape[0]
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = pos[i] - pos[j]
            e -= 1.0 / np.sqrt(np.dot(d, d) + 0.1)
    return e


reg(nbody_energy, lambda r: (r.randn(4, 3),))


def nbody_forces(pos):
    n = len(pos)
    F = np.zeros_like(pos)
    for i in range(n):
        for j in range(n):
            if i != j:
                d = pos[j] - pos[i]
                r3 = (d @ d + 0.1) ** 1.5
                F[i] += d / r3
    return np.sum(F * pos)


reg(nbody_forces, lambda r: (r.randn(3, 2),))


def spring_chain(x):
    k = 2.0
    L0 = 1.0
    E = 0.0
    for i in range(len(x) - 1):
        E += 0.5 * k * (x[i + 1] - x[i] - L0) ** 2
    return E


reg(spring_chain, lambda r: (np.cumsum(r.rand(5) + 0.5),))


def projectile_range(v0_angle):
    v0, th = v0_angle
    g = 9.81
    x, y = 0.0, 0.0
    vx, vy = v0 * math.cos(th), v0 * math.sin(th)
    dt = 0.01
    for _ in range(50):
        x = x + vx * dt
        y = y + vy * dt
        vy = vy - g * dt
        vx = vx * (1 - 0.01 * dt)
    return x + y


reg(projectile_range, lambda r: (np.array([10 + r.rand(), 0.5 + 0.3 * r.rand()]),), jvp=True)


def projectile_floats(v0):
    th = 0.7
    vx = v0 * math.cos(th)
    vy = v0 * math.sin(th)
    x = 0.0
    y = 0.0
    t = 0.0
    while t < 0.5:
        x += vx * 0.01
        y += vy * 0.01
        vy -= 9.81 * 0.01
        t += 0.01
    return x * y


reg(projectile_floats, lambda r: (float(10 + r.rand()),))


def heat_explicit(u0):
    u = u0.copy()
    r_ = 0.2
    for _ in range(10):
        un = u.copy()
        u[1:-1] = un[1:-1] + r_ * (un[2:] - 2 * un[1:-1] + un[:-2])
    return np.sum(u**2)


reg(heat_explicit, lambda r: (r.randn(8),))


def heat_inplace_bug_like(u0):
    u = u0.copy()
    for _ in range(5):
        lap = np.zeros_like(u)
        lap[1:-1] = u[2:] - 2 * u[1:-1] + u[:-2]
        u += 0.2 * lap
    return np.sum(u**3)


reg(heat_inplace_bug_like, lambda r: (r.randn(7),))


def heat_2d(u0):
    u = u0.copy()
    for _ in range(3):
        lap = np.zeros_like(u)
        lap[1:-1, 1:-1] = (
            u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1]
        )
        u = u + 0.1 * lap
    return np.sum(u * u)


reg(heat_2d, lambda r: (r.randn(5, 5),))


def wave_eq(c):
    n = 10
    u_prev = np.sin(np.linspace(0, np.pi, n))
    u = u_prev.copy()
    for _ in range(8):
        u_next = np.zeros(n)
        for i in range(1, n - 1):
            u_next[i] = 2 * u[i] - u_prev[i] + c**2 * 0.1 * (u[i + 1] - 2 * u[i] + u[i - 1])
        u_prev, u = u, u_next
    return np.sum(u**2)


reg(wave_eq, lambda r: (float(r.rand() + 0.5),))


def advection_upwind(u0):
    u = u0.copy()
    for _ in range(5):
        u[1:] = u[1:] - 0.5 * (u[1:] - u[:-1])
    return np.sum(u * np.arange(len(u)))


reg(advection_upwind, lambda r: (r.randn(6),))


def laplace_jacobi(bc):
    n = 5
    u = np.zeros((n, n))
    u[0, :] = bc
    for _ in range(20):
        u[1:-1, 1:-1] = 0.25 * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2])
    return u[2, 2]


reg(laplace_jacobi, lambda r: (r.randn(5),))


def lotka_volterra(p):
    a, b, c, d = p
    x, y = 1.0, 0.5
    traj = []
    for _ in range(40):
        dx = a * x - b * x * y
        dy = d * x * y - c * y
        x, y = x + 0.02 * dx, y + 0.02 * dy
        traj.append(x)
    return sum(traj) / len(traj)


reg(lotka_volterra, lambda r: (r.rand(4) + 0.5,))


def lorenz_buffer(sigma):
    n = 50
    s = np.zeros((n, 3))
    s[0] = [1.0, 1.0, 1.0]
    dt = 0.005
    for i in range(1, n):
        x, y, z = s[i - 1]
        s[i, 0] = x + dt * sigma * (y - x)
        s[i, 1] = y + dt * (x * (28 - z) - y)
        s[i, 2] = z + dt * (x * y - 8 / 3 * z)
    return s[-1].sum()


reg(lorenz_buffer, lambda r: (float(10 + r.rand()),))


def damped_newton_root(a):
    x = 1.0
    while True:
        fx = x**3 - a
        if abs(fx) < 1e-12:
            break
        x = x - fx / (3 * x**2)
    return x


reg(damped_newton_root, lambda r: (float(2 + r.rand()),))


def fixed_point_iter(a):
    x = 0.5
    err = 1.0
    it = 0
    while err > 1e-10 and it < 200:
        xn = math.cos(a * x)
        err = abs(xn - x)
        x = xn
        it += 1
    return x


reg(fixed_point_iter, lambda r: (float(0.5 + 0.3 * r.rand()),))


def trapezoid_energy(x):
    t = np.linspace(0, 1, len(x))
    dt = t[1] - t[0]
    v = np.diff(x) / dt
    return 0.5 * np.sum(v**2) * dt


reg(trapezoid_energy, lambda r: (r.randn(6),))


def kinetic_energy_masses(v, m):
    return 0.5 * np.einsum("i,ij,ij->", m, v, v)


reg(kinetic_energy_masses, lambda r: (r.randn(3, 2), r.rand(3) + 1))


def rigid_rotation(theta):
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    p = np.array([1.0, 2.0])
    q = R @ p
    return q[0] * 3 + q[1]


reg(rigid_rotation, lambda r: (float(r.rand()),))


def symplectic_euler_list(q0):
    q = list(q0)
    p = [0.0] * len(q)
    for _ in range(10):
        for i in range(len(q)):
            p[i] = p[i] - 0.1 * q[i]
            q[i] = q[i] + 0.1 * p[i]
    return sum(qi * qi for qi in q)


reg(symplectic_euler_list, lambda r: (r.randn(3),))


def bouncing_ball(h0):
    y, v = h0, 0.0
    dt = 0.01
    for _ in range(60):
        v -= 9.81 * dt
        y += v * dt
        if y < 0:
            y = -y
            v = -0.9 * v
    return y


reg(bouncing_ball, lambda r: (float(1.0 + 0.1 * r.rand()),))


def implicit_euler_linear(k):
    A = np.array([[-k, 1.0], [0.0, -2 * k]])
    I = np.eye(2)
    y = np.array([1.0, 1.0])
    for _ in range(5):
        y = np.linalg.solve(I - 0.1 * A, y)
    return y.sum()


reg(implicit_euler_linear, lambda r: (float(r.rand() + 0.5),))


def particle_buffer_out(x):
    buf = np.empty_like(x)
    np.multiply(x, x, out=buf)
    np.add(buf, 1.0, out=buf)
    np.sqrt(buf, out=buf)
    return buf.sum()


reg(particle_buffer_out, lambda r: (r.randn(4),))


def cumulative_work(F):
    W = np.zeros_like(F)
    np.cumsum(F * 0.1, out=W)
    return np.sum(W**2)


reg(cumulative_work, lambda r: (r.randn(5),))


def matvec_out(W, x):
    h = np.empty(W.shape[0])
    np.dot(W, x, out=h)
    return np.sum(np.tanh(h))


reg(matvec_out, lambda r: (r.randn(3, 2), r.randn(2)))


def state_dict_integrator(k):
    st = {"x": 1.0, "v": 0.0}
    for _ in range(20):
        st["v"] -= 0.05 * k * st["x"]
        st["x"] += 0.05 * st["v"]
    return st["x"]


reg(state_dict_integrator, lambda r: (float(r.rand() + 0.5),))


class Particle:
    def __init__(self, x, v):
        self.x = x
        self.v = v


def particle_objects(x0):
    ps = [Particle(x0[i], 0.0) for i in range(len(x0))]
    for _ in range(5):
        for p in ps:
            p.v -= 0.1 * p.x
            p.x += 0.1 * p.v
    return sum(p.x**2 for p in ps)


reg(particle_objects, lambda r: (r.randn(3),))

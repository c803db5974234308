import math

import numpy as np
from harness import reg

# Physics simulation loops: state arrays updated in place, step by step.


def nbody_energy(masses):
    pos = np.array([[0.0, 0.0], [1.0, 0.2], [0.3, 1.1]])
    vel = np.array([[0.0, 0.1], [-0.1, 0.0], [0.05, -0.05]])
    dt = 0.01
    for _ in range(30):
        acc = np.zeros_like(pos)
        for i in range(3):
            for j in range(3):
                if i != j:
                    d = pos[j] - pos[i]
                    r2 = d @ d + 0.01
                    acc[i] += masses[j] * d / r2**1.5
        vel += dt * acc
        pos += dt * vel
    kinetic = 0.5 * np.sum(masses[:, None] * vel**2)
    return kinetic


reg(nbody_energy, lambda r: (r.rand(3) + 0.5,))


def spring_chain(k):
    n = 5
    x = np.linspace(0.0, 4.0, n)
    x[-1] += 0.3
    v = np.zeros(n)
    dt = 0.02
    for _ in range(50):
        stretch = np.diff(x) - 1.0
        force = np.zeros(n)
        force[:-1] += k * stretch
        force[1:] -= k * stretch
        force[0] = 0.0
        v += dt * force
        v *= 0.99
        x += dt * v
    return x[-1]


reg(spring_chain, lambda r: (float(r.rand() + 0.5),))


def heat_equation(alpha):
    u = np.sin(np.linspace(0.0, math.pi, 12))
    dx = math.pi / 11
    dt = 0.2 * dx * dx
    for _ in range(40):
        lap = np.zeros_like(u)
        lap[1:-1] = (u[2:] - 2 * u[1:-1] + u[:-2]) / dx**2
        u = u + dt * alpha * lap
    return np.sum(u**2) * dx


reg(heat_equation, lambda r: (float(r.rand() + 0.5),))


def projectile_range(v0_angle):
    v0, angle = v0_angle[0], v0_angle[1]
    vx, vy = v0 * math.cos(angle), v0 * math.sin(angle)
    x, y, t = 0.0, 0.0, 0.0
    dt, drag, g = 0.01, 0.05, 9.81
    while t < 0.8:
        speed = math.sqrt(vx * vx + vy * vy)
        vx -= drag * speed * vx * dt
        vy -= (g + drag * speed * vy) * dt
        x += vx * dt
        y += vy * dt
        t += dt
    return x + y


reg(projectile_range, lambda r: (np.array([10.0 + r.rand(), 0.6 + 0.2 * r.rand()]),))


def verlet_pendulum(length):
    theta, omega = 0.8, 0.0
    dt = 0.02
    acc = -9.81 / length * np.sin(theta)
    for _ in range(60):
        theta = theta + omega * dt + 0.5 * acc * dt * dt
        new_acc = -9.81 / length * np.sin(theta)
        omega = omega + 0.5 * (acc + new_acc) * dt
        acc = new_acc
    return theta


reg(verlet_pendulum, lambda r: (float(1.0 + r.rand()),))


class Particle:
    def __init__(self, x, v):
        self.x = x
        self.v = v

    def step(self, force, dt):
        self.v = self.v + force * dt
        self.x = self.x + self.v * dt


def particles_in_field(strength):
    parts = [Particle(np.array([0.1 * i, 0.0]), np.array([0.0, 0.2])) for i in range(3)]
    for _ in range(20):
        for p in parts:
            p.step(-strength * p.x, 0.05)
    return sum(np.sum(p.x**2) for p in parts)


reg(particles_in_field, lambda r: (float(r.rand() + 0.5),))


def lotka_volterra(params):
    a, b, c, d = params
    state = np.array([1.0, 0.5])
    dt = 0.01
    history = []
    for _ in range(100):
        prey, pred = state
        dstate = np.array([a * prey - b * prey * pred, d * prey * pred - c * pred])
        state = state + dt * dstate
        history.append(state[0])
    return np.mean(history)


reg(lotka_volterra, lambda r: (np.array([1.0, 0.5, 0.8, 0.3]) + 0.1 * r.rand(4),))


def wave_string(tension):
    n = 16
    u_prev = np.exp(-((np.arange(n) - 8.0) ** 2) / 4.0)
    u = u_prev.copy()
    c2 = tension * 0.2
    for _ in range(25):
        u_next = np.empty(n)
        u_next[0] = u_next[-1] = 0.0
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + c2 * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_prev, u = u, u_next
    return np.sum(u * np.arange(n))


reg(wave_string, lambda r: (float(0.5 + r.rand()),))

#!/usr/bin/env python3
"""The workloads of DESIGN.md in JAX + optax, one jit-compiled training step, as a peer for
`descent bench`.

    XLA_FLAGS="--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=2" \\
        python jax_peer.py --workload mlp

Plain jax.numpy models (no Flax): Glorot-uniform weights, zero biases; NHWC convolutions;
batch norm with PyTorch's running statistics (momentum 0.1, unbiased variance) kept in the
state; inverted dropout from a split PRNG key. The step returns the loss, read back as a float.
"""
import os

from common import WORKLOADS, parse_arguments, synthetic_data, time_epochs

ARGS = parse_arguments(__doc__)
os.environ.setdefault("XLA_FLAGS", f"--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads={ARGS.threads}")

import jax  # noqa: E402  (after XLA_FLAGS)
import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402
from jax import lax  # noqa: E402


def glorot(key, shape, fan_in, fan_out):
    limit = (6.0 / (fan_in + fan_out)) ** 0.5
    return jax.random.uniform(key, shape, jnp.float32, -limit, limit)


def dense(key, n_in, n_out):
    return {"w": glorot(key, (n_in, n_out), n_in, n_out), "b": jnp.zeros(n_out)}


def conv(key, c_in, c_out):
    return {"w": glorot(key, (3, 3, c_in, c_out), 9 * c_in, 9 * c_out), "b": jnp.zeros(c_out)}


def init(workload, key):
    keys = jax.random.split(key, 4)
    if workload == "cnn":
        return {"c1": conv(keys[0], 1, 32), "c2": conv(keys[1], 32, 64),
                "d1": dense(keys[2], 64 * 7 * 7, 128), "d2": dense(keys[3], 128, 10)}, {}
    params = {"d1": dense(keys[0], 784, 512), "d2": dense(keys[1], 512, 256), "d3": dense(keys[2], 256, 10)}
    state = {}
    if workload == "mlp-bn-dropout":
        for name, width in (("bn1", 512), ("bn2", 256)):
            params[name] = {"gamma": jnp.ones(width), "beta": jnp.zeros(width)}
            state[name] = {"mean": jnp.zeros(width), "var": jnp.ones(width)}
    return params, state


def batch_norm(x, p, s):
    n = x.shape[0]
    mean, var = x.mean(0), x.var(0)
    y = (x - mean) * lax.rsqrt(var + 1e-5) * p["gamma"] + p["beta"]
    running = {"mean": 0.9 * s["mean"] + 0.1 * mean, "var": 0.9 * s["var"] + 0.1 * var * n / (n - 1)}
    return y, running


def dropout(x, key):
    keep = jax.random.bernoulli(key, 0.5, x.shape)
    return jnp.where(keep, x * 2.0, 0.0)


def forward(workload, params, state, x, key):
    if workload == "cnn":
        def conv_relu(h, p):
            h = lax.conv_general_dilated(h, p["w"], (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
            return jax.nn.relu(h + p["b"])

        def pool(h):
            return lax.reduce_window(h, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")

        h = pool(conv_relu(pool(conv_relu(x, params["c1"])), params["c2"])).reshape(x.shape[0], -1)
        h = jax.nn.relu(h @ params["d1"]["w"] + params["d1"]["b"])
        return h @ params["d2"]["w"] + params["d2"]["b"], state
    h = x
    new_state = {}
    keys = jax.random.split(key, 2)
    for i, name in enumerate(("d1", "d2")):
        h = h @ params[name]["w"] + params[name]["b"]
        if workload == "mlp-bn-dropout":
            bn = f"bn{i + 1}"
            h, new_state[bn] = batch_norm(h, params[bn], state[bn])
            h = dropout(jax.nn.relu(h), keys[i])
        else:
            h = jax.nn.relu(h)
    return h @ params["d3"]["w"] + params["d3"]["b"], new_state


def main():
    workload = ARGS.workload
    samples = ARGS.samples or WORKLOADS[workload]["samples"]
    x, y = synthetic_data(workload, samples)
    params, state = init(workload, jax.random.PRNGKey(0))
    optimizer = (optax.sgd(0.01, momentum=0.9, nesterov=True) if workload == "mlp-bn-dropout"
                 else optax.adam(1e-3))
    opt_state = optimizer.init(params)

    def loss_function(params, state, xb, yb, key):
        logits, new_state = forward(workload, params, state, xb, key)
        return optax.softmax_cross_entropy_with_integer_labels(logits, yb).mean(), new_state

    @jax.jit
    def train_step(params, state, opt_state, xb, yb, key):
        key, dropout_key = jax.random.split(key)
        (loss, new_state), grads = jax.value_and_grad(loss_function, has_aux=True)(params, state, xb, yb, dropout_key)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), new_state, opt_state, key, loss

    carry = [params, state, opt_state, jax.random.PRNGKey(1)]

    def step(rows):
        params, state, opt_state, key, loss = train_step(*carry[:3], x[rows], y[rows], carry[3])
        carry[:] = [params, state, opt_state, key]
        return float(loss)

    time_epochs("jax", workload, samples, ARGS.repeats, step)


if __name__ == "__main__":
    main()

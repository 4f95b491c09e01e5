"""Writes the model-zoo fixtures: small torchvision-structured models, their inputs and logits.

Run with the peers' interpreter (torch CPU), from anywhere:
    ~/.cache/descent-peers-venv/bin/python Tests/DescentTests/Zoo/Fixtures/make_zoo_fixtures.py

The models come from Benchmarks/zoo/torch_zoo.py (torchvision's module nesting and state_dict
keys; its docstring defines the width scales Descent's zoo mirrors), all with 10 classes:

  resnet18       width 8            input 32×32×3
  vgg11          width_divisor 16, hidden 32, input 32×32×3 (features end at 1×1, which
  vgg11_bn       the same           AdaptiveAvgPool2d((7, 7)) repeats into 7×7)
  mobilenet_v2   width_mult 0.25    input 64×64×3 (last_channel stays 1280: 1.1 MB)

(resnet50 at width 4 is left out: its .pth would be 500 KB.)

For each <name>:
  <name>.pth         torch.save(model.state_dict()), torch's default zip format
  <name>_input.npy   float32 [2, H, W, 3], NHWC, standard normal (NumPy default_rng(0))
  <name>_logits.npy  float32 [2, 10]: the model in eval() mode on those inputs (NCHW for torch)
  <name>_keys.txt    one line per state_dict entry, in order: `key shape`, the shape's sizes
                     joined by commas (`layer1.0.conv1.weight 8,8,3,3`), `scalar` for 0-d
                     tensors (num_batches_tracked)

Weights: after torch.manual_seed(0), every tensor is redrawn so that each matters,
activations keep their scale through depth and the logits are of order one: conv weights
N(0, 2/fan_in) (torchvision's fan_out He initialization shrinks MobileNetV2's depthwise
activations until both inputs give the same logits); Linear weights N(0, 1/fan_in)
(torchvision's N(0, 0.01) would make the logits ~1e-4); conv and Linear biases U(-0.2, 0.2);
each BatchNorm's weight U(0.5, 1.5), bias U(-0.5, 0.5), running_mean U(-0.5, 0.5) and
running_var U(0.5, 2), so that inference-mode normalization is really exercised.
The logits are computed in float64 from those float32 weights and inputs, then rounded to
float32, so they are the exact function of the stored numbers; float32 torch agrees with them
to 1e-5 of the largest |logit| (checked here).
"""
import os
import sys

import numpy as np
import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "..", "Benchmarks", "zoo"))
import torch_zoo  # noqa: E402

FIXTURES = [  # name, width scale, input side
    ("resnet18", {"width": 8}, 32),
    ("vgg11", {"width_divisor": 16, "hidden": 32}, 32),
    ("vgg11_bn", {"width_divisor": 16, "hidden": 32}, 32),
    ("mobilenet_v2", {"width_mult": 0.25}, 64),
]


def fixture_model(name, scale):
    """The seeded model with the redrawn conv and Linear weights, biases and BatchNorm tensors."""
    torch.manual_seed(0)
    model = torch_zoo.build(name, num_classes=10, **scale)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
            if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
                m.bias.uniform_(-0.2, 0.2)
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            elif isinstance(m, nn.Linear):
                m.weight.normal_(0, m.in_features ** -0.5)
    return model.eval()


def write_fixture(name, scale, side):
    model = fixture_model(name, scale)
    x = np.random.default_rng(0).standard_normal((2, side, side, 3), dtype=np.float32)
    nchw = torch.from_numpy(x).permute(0, 3, 1, 2)
    with torch.no_grad():
        logits = model.double()(nchw.double()).float()
        single = model.float()(nchw)
    scale_of_logits = logits.abs().max().item()
    error = (single - logits).abs().max().item() / scale_of_logits
    assert error < 1e-5, f"{name}: float32 torch differs by {error:.1e} of the largest |logit|"
    state = model.state_dict()
    torch.save(state, os.path.join(here, f"{name}.pth"))
    np.save(os.path.join(here, f"{name}_input.npy"), x)
    np.save(os.path.join(here, f"{name}_logits.npy"), logits.numpy())
    with open(os.path.join(here, f"{name}_keys.txt"), "w") as f:
        for key, tensor in state.items():
            f.write(f"{key} {','.join(map(str, tensor.shape)) or 'scalar'}\n")
    size = sum(os.path.getsize(os.path.join(here, name + suffix))
               for suffix in (".pth", "_input.npy", "_logits.npy", "_keys.txt"))
    print(f"{name:<13} {size / 1024:7.1f} KB  max |logit| {scale_of_logits:.3f}  "
          f"float32 torch off by {error:.1e}")


if __name__ == "__main__":
    for name, scale, side in FIXTURES:
        write_fixture(name, scale, side)

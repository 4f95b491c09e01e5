"""Reference values for SoftmaxCrossEntropy(labelSmoothing:classWeights:).

Pinned: Python 3.11.7, torch 2.13.0+cpu (the wheel in /opt/wheels).
Run:    python make_loss_fixtures.py   (writes softmax_cross_entropy_options.json beside it)

Each case is torch.nn.CrossEntropyLoss(weight=, label_smoothing=, reduction='mean') in float64
on inputs rounded to float32 (so Swift sees the same numbers), with the loss and ∂loss/∂logits.
"""
import json
import pathlib
import sys

import torch

assert torch.__version__ == "2.13.0+cpu", torch.__version__
assert sys.version_info[:2] == (3, 11), sys.version

torch.manual_seed(20240601)
N, K = 5, 4


def f32(t):
    return t.float().double()


def case(name, logits, targets, smoothing, weights):
    z = logits.clone().requires_grad_(True)
    w = None if weights is None else torch.tensor(weights, dtype=torch.float64)
    loss = torch.nn.CrossEntropyLoss(weight=w, label_smoothing=smoothing)(z, targets)
    loss.backward()
    return {
        "name": name,
        "logits": logits.tolist(),
        "targets": targets.tolist(),
        "label_smoothing": smoothing,
        "class_weights": weights,
        "loss": loss.item(),
        "gradient": z.grad.tolist(),
    }


logits = f32(torch.randn(N, K) * 2)
labels = torch.tensor([0, 3, 1, 1, 2])
probabilities = f32(torch.softmax(torch.randn(N, K), dim=1))
weights = [1.0, 2.0, 0.5, 3.0]

cases = [
    case("indices, smoothing 0.1", logits, labels, 0.1, None),
    case("indices, class weights", logits, labels, 0.0, weights),
    case("indices, smoothing 0.2 and class weights", logits, labels, 0.2, weights),
    case("probabilities, smoothing 0.1 and class weights", logits, probabilities, 0.1, weights),
]
document = {"generator": "make_loss_fixtures.py", "torch": torch.__version__,
            "python": "%d.%d.%d" % sys.version_info[:3], "cases": cases}
path = pathlib.Path(__file__).with_name("softmax_cross_entropy_options.json")
path.write_text(json.dumps(document, indent=1) + "\n")
print("wrote", path)

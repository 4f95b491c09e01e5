#!/usr/bin/env python3
"""Full-size zoo networks with random weights: Descent's logits against PyTorch's.

    ~/.cache/descent-peers-venv/bin/python Benchmarks/zoo/compare_full_size.py [--descent PATH] [name ...]

For each network (default resnet18, vgg11, mobilenet_v2; 1000 classes, 224×224×3), torch_zoo
builds torchvision's structure with a seeded initialization whose BatchNorm statistics are
redrawn (so inference-mode BN matters), saves its state_dict as .pth, and computes the logits
of two seeded 0–255 images after ImageNet normalization. `descent zoo build NAME --weights`
imports the .pth strictly and `descent predict --logits --json` runs the raw images through the
model's saved ImageNet preprocessing. Prints, per network and row, the largest |difference|
relative to the largest |logit| and whether the top-5 classes agree; exits 1 above 1e-4.
The weights live in a temporary folder and are never kept.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_pretrained  # noqa: E402
import torch_zoo  # noqa: E402


def reference(name, folder):
    """Writes NAME.pth and images.npy into folder; returns torch's logits."""
    torch.manual_seed(0)
    model = torch_zoo.build(name)
    generator = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            for tensor, low, high in [(module.weight.data, 0.5, 1.5), (module.bias.data, -0.2, 0.2),
                                      (module.running_mean, -0.2, 0.2), (module.running_var, 0.5, 2.0)]:
                tensor.copy_(torch.rand(tensor.shape, generator=generator) * (high - low) + low)
    model.eval()
    torch.save(model.state_dict(), os.path.join(folder, f"{name}.pth"))
    images = np.random.default_rng(2).integers(0, 256, size=(2, 224, 224, 3)).astype(np.uint8)
    np.save(os.path.join(folder, "images.npy"), images)
    x = (images.astype(np.float32) / 255 - check_pretrained.MEAN) / check_pretrained.STD
    with torch.inference_mode():
        return model(torch.from_numpy(x.astype(np.float32)).permute(0, 3, 1, 2)).double().numpy()


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", default=["resnet18", "vgg11", "mobilenet_v2"])
    parser.add_argument("--descent", default=os.path.join(root, ".build", "release", "descent"))
    args = parser.parse_args()
    agree = True
    for name in args.names:
        with tempfile.TemporaryDirectory() as folder:
            expected = reference(name, folder)
            model = os.path.join(folder, "model")
            subprocess.run([args.descent, "zoo", "build", name, "--classes", "1000", "--input", "224,224,3",
                            "--weights", os.path.join(folder, f"{name}.pth"), "--output", model], check=True, stdout=subprocess.DEVNULL)
            output = subprocess.run([args.descent, "predict", "--model", model, "--images", os.path.join(folder, "images.npy"),
                                     "--logits", "--json"], check=True, capture_output=True, text=True).stdout
            rows = [np.asarray(item["logits"], dtype=np.float64) for item in json.loads(output)]
            report, ok = check_pretrained.compare(expected, rows)
            agree &= ok
            for row, entry in enumerate(report):
                print(f"{name:<13} row {row}: max |Δ|/max|logit| {entry['max_relative_difference']:.2e}  "
                      f"top-5 {'agree' if entry['top5_agree'] else 'differ'} {entry['top5_torch']}")
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()

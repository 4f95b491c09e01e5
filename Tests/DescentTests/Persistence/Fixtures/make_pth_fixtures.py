"""Writes the PyTorch checkpoint fixtures that PyTorchCheckpointTests reads.

Run with the peers' interpreter (torch CPU): ~/.cache/descent-peers-venv/bin/python make_pth_fixtures.py

  model.pth          torch.save(state_dict) in the zip format (default since torch 1.6)
  model-legacy.pth   the same dict, _use_new_zipfile_serialization=False
  expected.json      each entry in file order: name, dtype, shape, values (row-major, as float32)
  malicious.pth      the legacy header, then a hand-written pickle calling os.system (never unpickled)
  unknown-opcode.pth the legacy header, then a pickle using INST, which no state dict holds
  truncated.pth      model.pth cut in half
"""
import json, os, pickle
import torch

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(16)

# Conv2d → BatchNorm2d → ReLU → Flatten → Linear, matching Descent's
# Sequential { Conv2D(2→3, 2×2); BatchNorm(3); ReLU(); Flatten(); Dense(12→2) }.
model = torch.nn.Sequential(
    torch.nn.Conv2d(2, 3, kernel_size=2), torch.nn.BatchNorm2d(3), torch.nn.ReLU(),
    torch.nn.Flatten(), torch.nn.Linear(12, 2))
model.train()
for _ in range(3):  # running statistics and num_batches_tracked move away from their defaults
    model(torch.randn(4, 2, 3, 3))

state = model.state_dict()  # an OrderedDict with _metadata, restored by BUILD
state["extra.double"] = torch.tensor([[0.1, -2.5, 1e-3], [3.0, 4.25, -0.0]], dtype=torch.float64)
base = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.5 - 1
state["extra.transposed"] = base.t()                       # stride (1, 4): not contiguous
state["extra.long"] = torch.tensor([7, -3, 1 << 40], dtype=torch.int64)
state["extra.half"] = torch.tensor([0.5, -1.25, 65504.0], dtype=torch.float16)
state["extra.narrow"] = torch.arange(10, dtype=torch.float32)[3:7]  # storage offset 3

torch.save(state, os.path.join(here, "model.pth"))
torch.save(state, os.path.join(here, "model-legacy.pth"), _use_new_zipfile_serialization=False)

expected = [{"name": k, "dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
             "values": [float(x) for x in v.to(torch.float32).contiguous().flatten().tolist()]}
            for k, v in state.items()]
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)

# The legacy format's first three pickles (magic number, protocol version 1001, sys_info),
# written with the pickle module, then a state-dict pickle written opcode by opcode.
header = (pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2) + pickle.dumps(1001, protocol=2)
          + pickle.dumps({"protocol_version": 1001, "little_endian": True,
                          "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2))
# PROTO 2, GLOBAL 'os system', SHORT_BINUNICODE 'echo pwned', TUPLE1, REDUCE, STOP
with open(os.path.join(here, "malicious.pth"), "wb") as f:
    f.write(header + b"\x80\x02cos\nsystem\n\x8c\x0aecho pwned\x85R.")
# PROTO 2, MARK, INST 'collections OrderedDict', STOP
with open(os.path.join(here, "unknown-opcode.pth"), "wb") as f:
    f.write(header + b"\x80\x02(icollections\nOrderedDict\n.")
with open(os.path.join(here, "model.pth"), "rb") as f:
    whole = f.read()
with open(os.path.join(here, "truncated.pth"), "wb") as f:
    f.write(whole[: len(whole) // 2])

"""The CPU path: export a model directory to ONNX (plus a dynamically int8-quantized copy) and
score with onnxruntime, through the same tokenization and batching as the torch scorer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ..errors import InputError
from ..schema import LabelSchema
from .classifier import TokenScorer
from .directory import META_FILE, SCHEMA_FILE, load_model, quiet_loading
from .encoding import collate, encode

ONNX_DIR = "onnx"
FP32, INT8 = "model.onnx", "model.int8.onnx"


class _Probabilities(torch.nn.Module):
    """The model as ONNX sees it: token ids in, one probability tensor per dimension out."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        logits = self.model(input_ids, attention_mask)
        return tuple(torch.softmax(v.float(), dim=-1) for v in logits.values())


def export_onnx(model_dir: str | Path, quantize: bool = True) -> list[Path]:
    """Write ``<model_dir>/onnx/model.onnx`` (and ``model.int8.onnx``); returns the paths."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model_dir = Path(model_dir)
    model, tokenizer, _ = load_model(model_dir)
    out = model_dir / ONNX_DIR
    out.mkdir(exist_ok=True)
    ids = collate(
        encode(
            tokenizer,
            ["Sorry.", "Het spijt ons echt, u krijgt morgen € 20."],
            ["Waar blijft mijn pakket?", ""],
            64,
        ),
        tokenizer.pad_token_id,
    )
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        _Probabilities(model.eval()),
        (ids["input_ids"], ids["attention_mask"]),
        str(out / FP32),
        input_names=["input_ids", "attention_mask"],
        output_names=list(model.heads.keys()),
        dynamic_axes={"input_ids": axes, "attention_mask": axes},
        dynamo=False,  # the TorchScript exporter handles this encoder without onnxscript
        opset_version=17,
    )
    paths = [out / FP32]
    if quantize:
        quantize_dynamic(str(out / FP32), str(out / INT8), weight_type=QuantType.QInt8)
        paths.append(out / INT8)
    return paths


class OnnxClassifier(TokenScorer):
    """Scores with onnxruntime on the CPU from a model directory that ``export-onnx`` has
    prepared; ``quantized`` picks the int8 model."""

    def __init__(self, model_dir: str | Path, quantized: bool = True, threads: int | None = None):
        import onnxruntime as ort
        from transformers import AutoTokenizer

        model_dir = Path(model_dir)
        path = model_dir / ONNX_DIR / (INT8 if quantized else FP32)
        if not path.is_file():
            raise InputError(f"{model_dir}: no {ONNX_DIR}/{path.name}; run apology-clf export-onnx")
        self.schema = LabelSchema.load(model_dir / SCHEMA_FILE)
        with quiet_loading():
            self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        self.meta = json.loads((model_dir / META_FILE).read_text())
        self.max_length = int(self.meta["max_length"])
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.source = f"{path.resolve()}"

    def _forward(self, batch: dict[str, torch.Tensor]) -> dict[str, np.ndarray]:
        feeds = {k: v.numpy() for k, v in batch.items()}
        names = [o.name for o in self.session.get_outputs()]
        return dict(zip(names, self.session.run(names, feeds), strict=True))

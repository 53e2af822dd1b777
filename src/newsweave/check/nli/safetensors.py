"""Read a ``.safetensors`` file into NumPy arrays, without the ``safetensors`` package.

The format: an 8-byte little-endian header length, a JSON header (tensor name -> dtype,
shape and byte offsets into the data; an optional ``__metadata__`` entry), then the raw
little-endian data. Only the types all-MiniLM-L6-v2's file uses, and half precision, are read.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np

__all__ = ["parse_safetensors", "read_safetensors"]

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "BF16": None}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (see :func:`parse_safetensors`)."""
    return parse_safetensors(path.read_bytes(), path)


def parse_safetensors(data: bytes, path: Path | str) -> dict[str, np.ndarray]:
    """The tensors in ``data``, the bytes of the ``.safetensors`` file ``path`` (named in errors): an
    8-byte little-endian header length, a JSON header (name -> dtype, shape, byte offsets), then
    the raw little-endian data. The arrays are views of ``data``.

    Raises:
        ValueError: the bytes are not in that format or hold a type this reader does not know.
    """
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    try:
        header = json.loads(data[8 : 8 + n])
    except ValueError:
        raise ValueError(f"{path}: no safetensors header") from None
    if not isinstance(header, dict):
        raise ValueError(f"{path}: no safetensors header")
    body = memoryview(data)[8 + n :]
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype = _DTYPES.get(info["dtype"])
            start, end = (int(x) for x in info["data_offsets"])
            shape = tuple(int(x) for x in info["shape"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{path}: tensor {name} is described badly in the header") from None
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has type {info['dtype']}, which this reader does not read")
        if not 0 <= start <= end <= len(body) or (end - start) != math.prod(shape) * np.dtype(dtype).itemsize:
            raise ValueError(f"{path}: tensor {name}'s bytes do not fit its shape {shape} (truncated file?)")
        out[name] = np.frombuffer(body[start:end], dtype=np.dtype(dtype).newbyteorder("<")).reshape(shape)
    return out

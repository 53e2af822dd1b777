"""BLAS threads for newsweave's small matrices, set before NumPy is imported."""

from __future__ import annotations

import os

# One BLAS thread. newsweave's matrices are one cluster's sentences (tens to a few
# hundred rows), where OpenBLAS's worker threads cost far more than they save: on
# fulltext-dev on a 2-core machine the candidate x sentence similarity took 26x the
# CPU time with the default threads, and the default path 1.7x (python
# benchmarks/speed.py). It only takes effect when NumPy is not imported yet, and a
# value already set in the environment wins (OMP_NUM_THREADS, which LightGBM
# training uses, is left alone).
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

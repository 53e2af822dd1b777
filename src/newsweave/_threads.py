"""BLAS threads for newsweave's small matrices, set before NumPy is imported."""

from __future__ import annotations

import os

# One BLAS thread. newsweave's matrices are one cluster's sentences (tens to a few
# hundred rows), where OpenBLAS's worker threads cost far more than they save: on
# fulltext-dev on a 2-core machine the default path took 2.0x the CPU time per
# cluster with the default threads (python benchmarks/speed.py on the code before
# issue 12 with and without OPENBLAS_NUM_THREADS=1, README "Speed"). It only takes effect when NumPy is not imported yet, and a
# value already set in the environment wins (OMP_NUM_THREADS, which LightGBM
# training uses, is left alone).
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

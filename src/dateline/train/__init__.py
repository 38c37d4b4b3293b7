"""The trainers of dateline's shipped model weights (install with ``pip install -e ".[train]"``).

- ``python -m dateline.train.quote_cues``: the cue classifier of ``dateline.stages.quotes.model``
  → ``resources/quotes/cue_model.json``.
- ``python -m dateline.train.quote_spans``: the span-edge and descend models of
  ``dateline.stages.quotes.boundaries`` → ``resources/quotes/span_model.json``.
- ``python -m dateline.train.events``: the event coder of ``dateline.stages.events.decision``
  → ``resources/events/event_model.json``, from the train split of ``bench/events_gold``.

Both read PolNeAR **train** from the shared folder beside the repository (``--shared PATH``
otherwise) and are deterministic: re-running them rewrites the shipped files byte for byte
(``tests/test_train.py`` checks a small run). How each model is built is in
``resources/quotes/README.md``.
"""

from __future__ import annotations

import os

# liblinear's solver does its vector arithmetic through scipy's OpenBLAS, which picks its kernels for
# the CPU it runs on: AVX-512 kernels round differently from the AVX2 ones the shipped weights were
# fitted with, and move ~1/3 of the cue weights by 0.0001. Pinning the AVX2 ("Haswell") kernels makes a
# retrain byte-identical on any x86-64 CPU with AVX2. It only takes effect when set before scipy's BLAS
# is loaded, which ``python -m dateline.train.<model>`` guarantees (sklearn is imported when fitting).
os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

"""Evaluation corpora readers and scorers, shared by the scripts in ``bench/``, the trainers in
``dateline.train`` and the tests.

- :mod:`dateline.evaluation.timeml`: TimeML reader and TempEval-3 Task A scorer (time stage).
- :mod:`dateline.evaluation.polnear`: PolNeAR brat reader, attribution scorer and cached parses (quotes).
- :mod:`dateline.evaluation.quotes`: dateline quotes as PolNeAR attributions, gold quote kinds,
  annotator agreement and the printed score table.
- :mod:`dateline.evaluation.events`: PLOVER gold-standard records and the event-coding scorer.
- :mod:`dateline.evaluation.events_articles`: the whole-article event gold (``bench/events_gold/``) and
  its scorer.

The evaluation data is not shipped: it lives in the ``shared`` folder beside the repository
(``../shared``; see DEVELOPERS.md). :data:`DEFAULT_SHARED` is that folder for a source checkout;
every script takes ``--shared PATH`` (or a positional folder) to read it from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

# src/dateline/evaluation/__init__.py -> parents[3] is the repository, its sibling "shared" the data.
DEFAULT_SHARED = Path(__file__).resolve().parents[4] / "shared"

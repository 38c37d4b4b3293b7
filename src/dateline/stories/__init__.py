"""Stories: the reports of one happening merged across articles and outlets, and storylines.

- :mod:`.features` — an article's vector (weighted words and names, from the article alone);
- :mod:`.index` — incremental clustering: links above a threshold within a date window,
  connected components (order-independent), found through an inverted index;
- :mod:`.events` — cross-article event merging into :class:`~dateline.model.MergedEvent`;
- :mod:`.clusterer` — the engine that turns extractions into Story / Storyline records;
- :mod:`.store` — the stories tables in the DuckDB store, updated incrementally.

Design choices and measurements: docs/stories.md.
"""

from dateline.stories.clusterer import Clusterer, Records, cluster
from dateline.stories.index import STORY, STORYLINE, Level

__all__ = ["STORY", "STORYLINE", "Clusterer", "Level", "Records", "cluster"]

"""The time stage (``dateline_time``): TIMEX3 time expressions on ``doc._.timexes``. Later stages use
:func:`date_of` (the date governing a clause)."""

from dateline.stages.time.expressions import SentenceDate, date_of

__all__ = ["SentenceDate", "date_of"]

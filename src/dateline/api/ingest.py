"""POST /api/ingest: validated articles in, extracted records and updated stories in the store.

The articles go through the ingest service (:mod:`dateline.jobs`) with the server's store lock:
the NLP runs outside it, so reads are answered while an ingest runs; only the writes wait.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from pydantic import BaseModel, Field

from dateline.ingest.common import RejectedDocument, make_article, rejection
from dateline.jobs import IngestService
from dateline.model import Article, Rejection
from dateline.store import Store

MAX_ARTICLES = 100


class IngestArticle(BaseModel):
    """One article to ingest."""

    text: str = Field(min_length=1, max_length=1_000_000, description="The article body.")
    date: str = Field(pattern=r"^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}\S*)?)?$",
                      description="YYYY-MM-DD, YYYY-MM or an ISO timestamp.")
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    outlet: str | None = Field(default=None, max_length=300)


class IngestRequest(BaseModel):
    articles: list[IngestArticle] = Field(min_length=1, max_length=MAX_ARTICLES)


class Rejected(BaseModel):
    index: int
    reason: str
    message: str


class IngestResult(BaseModel):
    new: int
    already_stored: int
    article_ids: list[str]
    rejected: list[Rejected]
    stories_updated: int


def ingest_articles(store: Store, body: IngestRequest, lock: AbstractContextManager | None = None,
                    kb: tuple[str, ...] = ()) -> IngestResult:
    """Validate, extract and store the posted articles, then update the stories (``lock`` guards the store;
    ``kb``: extra actor KB files)."""
    items: list[Article | Rejection] = []
    rejected = []
    for i, item in enumerate(body.articles):
        source = f"<api>:{i}"
        try:
            items.append(make_article(item.text, item.date, source=source, title=item.title, url=item.url,
                                      outlet=item.outlet))
        except RejectedDocument as exc:
            rejected.append(Rejected(index=i, reason=exc.reason, message=exc.message))
            items.append(rejection(source, exc.reason, exc.message))
    summary = IngestService(store, kb=kb, batch_size=MAX_ARTICLES, lock=lock).run(items)  # one write transaction
    return IngestResult(new=summary.new, already_stored=summary.already_stored,
                        article_ids=[a.id for a in items if isinstance(a, Article)], rejected=rejected,
                        stories_updated=summary.stories_updated)

"""POST /api/ingest: validated articles in, extracted records and updated stories in the store."""

from __future__ import annotations

from pydantic import BaseModel, Field

from dateline.ingest.common import RejectedDocument, make_article, rejection
from dateline.pipeline import extract_articles
from dateline.store import Store
from dateline.stories import store as story_store

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


def ingest_articles(store: Store, body: IngestRequest) -> IngestResult:
    """Validate, extract and store the posted articles, then update the stories."""
    articles, rejected, ids = [], [], []
    for i, item in enumerate(body.articles):
        source = f"<api>:{i}"
        try:
            art = make_article(item.text, item.date, source=source, title=item.title, url=item.url,
                               outlet=item.outlet)
        except RejectedDocument as exc:
            rejected.append(Rejected(index=i, reason=exc.reason, message=exc.message))
            continue
        ids.append(art.id)
        articles.append(art)
    known = store.known_article_ids(ids)
    fresh = list({a.id: a for a in articles if a.id not in known}.values())
    extractions = list(extract_articles(fresh)) if fresh else []
    rejections = [rejection(f"<api>:{r.index}", r.reason, r.message) for r in rejected]
    new = store.write(extractions, rejections)
    updated = story_store.update(store, [ex.article.id for ex in extractions]).stories
    return IngestResult(new=new, already_stored=len(ids) - len(fresh), article_ids=ids, rejected=rejected,
                        stories_updated=updated)

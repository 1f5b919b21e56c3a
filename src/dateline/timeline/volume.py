"""The whole story at a glance: publishing volume and date mentions per day.

A pure function over articles; the store computes the same counts in SQL
(`Store.volume`), so a page can draw the chart for files and for a database alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from dateline.model import Article, StoryVolume


def about_query(article: Article, terms: Sequence[str]) -> bool:
    """The timeline's rule: an article is about a query when its text has every word."""
    if not terms:
        return True
    low = article.text.lower()
    return all(t in low for t in terms)


def story_volume(
    articles: Iterable[Article],
    terms: Sequence[str] = (),
    sources: Sequence[str] = (),
    *,
    keywords: Sequence[str] = (),
) -> StoryVolume:
    """Counts over the articles about `terms` (all of them when empty) that contain one
    of `keywords` (when given) and, when `sources` is given, published by one of those
    outlets. `outlets` counts every outlet
    of the articles about `terms`, so a page can offer the ones not chosen yet.

    A story counts once: a near-duplicate (`Article.duplicate_of`, the same wire story in
    another outlet) adds to its outlet's count but not to `published` or `mentions`, as
    it adds nothing to the ranking of dates. A mention counts once per day-precise time
    expression (`TimeMention.day`)."""
    published: Counter = Counter()
    mentions: Counter = Counter()
    outlets: Counter = Counter()
    chosen = set(sources)
    any_of = [k.lower() for k in keywords if k.strip()]
    count = 0
    for art in articles:
        if not about_query(art, terms):
            continue
        if any_of and not any(k in art.text.lower() for k in any_of):
            continue
        if art.source:
            outlets[art.source] += 1
        if art.duplicate_of is not None or (chosen and art.source not in chosen):
            continue
        count += 1
        if art.published is not None:
            published[art.published] += 1
        for sentence in art.sentences:
            for m in sentence.mentions:
                day = m.day
                if day is not None:
                    mentions[day] += 1
    return StoryVolume(
        published=dict(sorted(published.items())),
        mentions=dict(sorted(mentions.items())),
        outlets=dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))),
        article_count=count,
    )

"""The whole story at a glance: publishing volume and date mentions per day.

A pure function over articles; the store computes the same counts in SQL
(`Store.volume`), so a page can draw the chart for files and for a database alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from dateline.model import Article, StoryVolume
from dateline.words import Terms


def about_query(article: Article, terms: Sequence[str] | Terms) -> bool:
    """The timeline's rule: an article is about a query when its title or its text has
    every word (`dateline.words`: whole words, stemmed, as the store's index matches)."""
    words = terms if isinstance(terms, Terms) else Terms(terms)
    return not words or words.all_in(article.title, article.text)


def has_keyword(article: Article, keywords: Terms) -> bool:
    """Whether the article's title or text has one of the keywords (any, when none)."""
    return not keywords or keywords.any_in(article.title, article.text)


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
    words, any_of = Terms(terms), Terms(keywords)
    count = 0
    for art in articles:
        if not about_query(art, words) or not has_keyword(art, any_of):
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

"""The Catalog: every article of a build, sorted and indexed once, so that no page render scans them all."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .articles import Article
from .messages import Messages
from .problems import Problem
from .urls import slug

# How far around an article (in date order) related candidates are looked for, per shared tag.
_RELATED_WINDOW = 12


@dataclass(frozen=True, slots=True)
class Group:
    """Articles sharing a category, a tag, an author or a month, newest first."""

    kind: str  # category | tag | author | month | year
    slug: str
    name: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class SiteStats:
    """The "Thống kê truy cập" box; None means not measured yet (shown as a dash)."""

    online: int | None
    today: int | None
    week: int | None
    all_time: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Counted views from the statistics store, read once per build."""

    views: Mapping[str, int] = field(default_factory=dict)  # by article URL
    week_views: Mapping[str, int] = field(default_factory=dict)  # by article URL, the last 7 days
    online: int | None = None
    today: int | None = None
    week: int | None = None
    counted: int = 0  # every counted view of the site, articles or not


def _group(kind: str, keyed: Iterable[tuple[str, Article]]) -> dict[str, Group]:
    """Group articles (already newest first) by name; names with the same slug are one group."""
    names: dict[str, str] = {}
    members: dict[str, list[Article]] = {}
    for name, article in keyed:
        key = name if kind in ("year", "month") else slug(name)
        names.setdefault(key, name)
        members.setdefault(key, []).append(article)
    return {key: Group(kind, key, names[key], tuple(items)) for key, items in members.items()}


class Catalog:
    """All published articles of one build, with the indexes and figures templates need."""

    def __init__(self, articles: Iterable[Article], snapshot: Snapshot = Snapshot(), views_baseline: int = 0):
        self.articles: tuple[Article, ...] = tuple(sorted(articles, key=lambda a: (a.date, a.src_uri), reverse=True))
        self.position = {a.src_uri: i for i, a in enumerate(self.articles)}
        self._when = {a.src_uri: a.date.timestamp() for a in self.articles}  # for `related`, asked per page
        self.by_src = {a.src_uri: a for a in self.articles}
        self._views = {a.url: a.views + snapshot.views.get(a.url, 0) for a in self.articles}
        self.categories = _group("category", ((a.category, a) for a in self.articles if a.category))
        self.tags = _group("tag", ((t, a) for a in self.articles for t in a.tags))
        self.authors = _group("author", ((n, a) for a in self.articles for n in a.authors))
        self.years = _group("year", ((f"{a.date:%Y}", a) for a in self.articles))
        self.months = _group("month", ((f"{a.date:%Y/%m}", a) for a in self.articles))
        self._tag_slug = {t: slug(t) for g in self.tags.values() for a in g.articles for t in a.tags}
        self._in_group = {
            (g.kind, g.slug): {a.src_uri: i for i, a in enumerate(g.articles)}
            for g in (*self.categories.values(), *self.tags.values())
        }
        self.featured = tuple(a for a in self.articles if a.featured)
        self.most_read = tuple(sorted(self.articles, key=lambda a: (-self._views[a.url], a.src_uri)))
        week = snapshot.week_views
        self.most_read_week = tuple(sorted((a for a in self.articles if week.get(a.url)),
                                           key=lambda a: (-week[a.url], a.src_uri)))
        baseline_views = sum(a.views for a in self.articles)
        self.stats = SiteStats(snapshot.online, snapshot.today, snapshot.week,
                               views_baseline + baseline_views + snapshot.counted)

    def __len__(self) -> int:
        return len(self.articles)

    def views(self, article: Article) -> int:
        return self._views.get(article.url, article.views)

    def latest(self, count: int) -> tuple[Article, ...]:
        return self.articles[:count]

    def category_of(self, article: Article) -> Group | None:
        return self.categories.get(slug(article.category)) if article.category else None

    # An article may be asked about that this catalog does not hold as it is (the preview shows an article
    # saved since the catalog was made, before the next one is): it has then the groups and neighbours
    # the catalog knows of, maybe none.
    def tags_of(self, article: Article) -> list[Group]:
        tags, slugs = self.tags, self._tag_slug
        return [group for t in article.tags if (group := tags.get(slugs[t] if t in slugs else slug(t)))]

    def authors_of(self, article: Article) -> list[Group]:
        return [group for n in article.authors if (group := self.authors.get(slug(n)))]

    def older(self, article: Article) -> Article | None:
        i = self.position.get(article.src_uri)
        return self.articles[i + 1] if i is not None and i + 1 < len(self.articles) else None

    def newer(self, article: Article) -> Article | None:
        i = self.position.get(article.src_uri)
        return self.articles[i - 1] if i else None

    def _neighbours(self, group: Group, article: Article) -> list[Article]:
        """The articles closest in date to `article` within its group: bounded work per page."""
        i = self._in_group[(group.kind, group.slug)].get(article.src_uri)
        if i is None:
            return []
        return [*group.articles[max(0, i - _RELATED_WINDOW):i], *group.articles[i + 1:i + 1 + _RELATED_WINDOW]]

    def relatedness(self) -> tuple:
        """Everything `related` ranks by, for every article (its tags, its category, its date): two catalogs
        with the same relatedness give every article the same related articles."""
        return tuple((a.src_uri, a.tags, a.category, self._when[a.src_uri]) for a in self.articles)

    def related(self, article: Article, count: int) -> list[Article]:
        """Articles sharing the most tags, then the same category, then closest in date."""
        own_tags = set(article.tags)
        candidates: dict[str, Article] = {}
        for group in self.tags_of(article):
            for other in self._neighbours(group, article):
                candidates[other.src_uri] = other
        category = self.category_of(article)
        if category:
            for other in self._neighbours(category, article):
                candidates[other.src_uri] = other

        when, at = self._when, self._when.get(article.src_uri, article.date.timestamp())
        ranked = [(-len(own_tags.intersection(other.tags)), other.category != article.category, abs(when[src] - at), src)
                  for src, other in candidates.items()]
        return [candidates[src] for *_, src in heapq.nsmallest(count, ranked)]


def consistency(articles: Iterable[Article], paths: Mapping[str, str], say: Messages) -> list[Problem]:
    """Warnings about what is valid in each file but wrong across files, so an editor's slip is seen:
    one category or tag spelled in several ways (`Kinh tế`, `kinh tế`, `Kinh te` are one listing, named by
    whichever article is newest), and two articles with the same title."""
    articles = sorted(articles, key=lambda a: a.src_uri)
    problems = []
    for kind, names_of in (("category", lambda a: [a.category] if a.category else []), ("tags", lambda a: a.tags)):
        spellings: dict[str, dict[str, list[Article]]] = {}
        for article in articles:
            for name in names_of(article):
                spellings.setdefault(slug(name), {}).setdefault(name, []).append(article)
        for variants in spellings.values():
            if len(variants) < 2:
                continue
            # The spelling most used; on a tie, the one with its diacritics and capitals written out.
            usual = max(variants, key=lambda name: (len(variants[name]), len(name.encode()), name[:1].isupper(), name))
            listed = ", ".join(f'"{name}" ({len(users)})' for name, users in
                               sorted(variants.items(), key=lambda item: -len(item[1])))
            for name, users in variants.items():
                if name == usual:
                    continue
                for article in users:
                    problems.append(Problem(paths.get(article.src_uri, article.src_uri), article.lines.get(kind, 1),
                                            kind, say("spelling", kind=say(f"kind_{'tag' if kind == 'tags' else kind}"),
                                                      name=usual, spellings=listed), "warning"))
    first_with: dict[str, Article] = {}
    for article in articles:
        key = article.title.casefold()
        if key in first_with:
            other = first_with[key]
            problems.append(Problem(paths.get(article.src_uri, article.src_uri), article.lines.get("title", 1), "title",
                                    say("same_title", other=paths.get(other.src_uri, other.src_uri)), "warning"))
        else:
            first_with[key] = article
    return problems

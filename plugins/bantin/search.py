"""The search index: Bantin's own, made for Vietnamese, written as small static JSON files fetched on demand.

Why not Pagefind: Vietnamese is written in syllables, so a query such as "công tác dân vận" is four very common
words; Pagefind's per-word chunks (with positions) then cover nearly every page, and at 10,000 articles the first
query downloaded 1.5 MB, while its indexer peaked at 1.8 GB of memory.

Terms. A page's text (title and body, tags stripped) is folded as slugs are (`slugs.fold`: lowercase, no
diacritics, đ → d) and cut into syllables, the runs of [a-z0-9]. Its terms are the syllables *and* each pair of
adjacent syllables ("cong tac", "tac dan", "dan van"): a pair is as selective as a Vietnamese word is, and more
than any of its syllables. Pairs run across punctuation, so "phòng, chống dịch" has "phong chong", the same as
the query typed without the comma.

Scores. BM25: per (term, page) the saturated term frequency normalised by the page's length,
    s = tf·(k1+1) / (tf + k1·(1 − b + b·len/PIVOT)),   k1 = 1.2, b = 0.75,
with title terms counted TITLE_WEIGHT times (and the title's length as much). The length is measured against a
fixed pivot, PIVOT syllables (about a news article), not against the pages' average as in textbook BM25: a page's
scores then depend on that page alone, so an edit changes the postings of the edited page and of no other, and a
warm build updates the last index instead of making it again (below). On the portals' own corpora the average is
250–400 syllables, so the ranking is the same in practice. The inverse document frequency is the same for all
pages of a term, so ranking pages *within* a term needs `s` alone, and only the TOP pages of each term are kept:
a term's list never outgrows TOP whatever the number of pages. A term keeps its document frequency `df`; the
browser computes idf = ln(1 + (N − df + 0.5)/(df + 0.5)) from it, and knows a list was cut when it is shorter
than df (a page missing from a cut list may still have the term). `s` is written as an integer 1…100
(s/(k1+1) in percent). The browser ranks pages by how many of the query's pairs they have, then how many of its
syllables, then Σ idf × s (pairs counting twice).

Streaming. `add` folds and counts at once and keeps, per page, only its address, title, date and a snippet (the
body's first SNIPPET characters, cut at a word); per term, an array of packed 64-bit integers (score, tf, page
number), final as soon as the page is added. An array longer than 4 × TOP is cut back to its best 2 × TOP: a
posting cut cannot be among the best TOP any more, and the TOP spare ones let an edit take pages out of the list.
Memory: 8 bytes × at most 4 × TOP per term, plus a few hundred bytes per page.

Updating. `finish` returns the index's state (`state`: its pages, and per term its shard hash, df, kept postings
and written entry), which the build keeps in its cache. The next build, when the same number of pages is
searchable and some changed, `resume`s it and `replace`s each changed page: its old postings out, its new ones
in, and only the terms it has or had are written again. A term's kept list stays exactly the best of all its
pages as long as it holds at least TOP of them (or all of them): a replaced page leaving a cut list costs one
spare; when a term has none left, `finish` raises `Stale` and the index is made from all pages again. Either
way the files are the same bytes.

Files, in site/search/:
    index.json            the manifest: {"version", "fold", "docs", "shards", "per", "top", "path"}
    <path>/t/<n>.json     term shards: {term: [df, [page, s, page, s, …]]}; a term is in shard
                          shard_of(term) % shards (FNV-1a 32-bit with murmur3's finaliser: a few lines in the
                          browser, where blake2b is not at hand); `shards` makes each about SHARD_BYTES
    <path>/d/<n>.json     page shards: [[url, title, date, snippet], …], PER_SHARD pages each, page p in p // per
`path` is a hash of every shard's content: a new index lives in a new folder, so the shards may be cached for
good (deploy/nginx.conf says `immutable` for them) and a reader never mixes an old manifest with new shards; only
index.json is asked again each time. The same content gives the same folder, so a rebuild without changes keeps
the readers' copies. `url` is relative to the site's root (tin-tuc/2023/bai/, no leading "/"): the browser
resolves it against the folder above search/, so a site served under a sub-folder works.

Sizes, measured on the bench corpus of 10,000 articles (55,900 terms, 524 term shards, 1,001 page shards): a new
index takes about 6 s in the build's child; its state is a 30 MB file in the cache (52 MB once loaded, in 0.1 s),
and an update replaces a page in ~10 ms. A first query fetches search.js (3 KB gzipped), the manifest, one term
shard per distinct shard of its terms (7 for four syllables, ≈ 6.7 KB gzipped each) and one page shard per
distinct shard of its 20 results (≈ 1.2 KB each): 23 KB for "che", 66 KB for "cong tac dan van" (budget:
300 KB). Pages go 10 to a shard, not 25: 25 doubles a page shard's gzipped size, and the 20 results are spread
over 20 shards whatever their size. SHARD_BYTES = 8,000 would halve the term shards' part again, at twice the
files; TOP = 200 would cost a fifth more.

The folding rules have a version (FOLD_VERSION) written in the manifest; theme/assets/bantin/search.js folds
queries with the same rules and says which version it follows; tests/test_search.py compares both in a browser.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from itertools import chain, compress, islice

from markupsafe import Markup

from .slugs import fold
from .urls import SEARCH_INDEX
from .writer import Writer

FORMAT_VERSION = 1
FOLD_VERSION = 1  # bump when slugs.fold or the syllable rule change: the browser's copy must follow

TOP = 150  # pages kept per term
TITLE_WEIGHT = 3
# A page's identifier (a document's number, `17-QC/TU`) counts this many times more: typed in the box, it must
# find the document before the articles citing it, however often they do (BM25 saturates, so 10 is plenty).
IDENTIFIER_WEIGHT = 10
K1, B = 1.2, 0.75
PIVOT = 400  # syllables: a page this long has its scores neither raised nor lowered for its length
SPARE = 2  # a cut term keeps SPARE × TOP postings: TOP more than it shows, for edits to take pages out
SNIPPET = 200  # characters of body text shown under a result
PER_SHARD = 10  # pages per page shard
SHARD_BYTES = 16_000  # aimed size of a term shard before compression

_SYLLABLE = re.compile(r"[a-z0-9]+")
# Packed posting: score (24 bits: millionths of tf / (tf + norm)) | tf (16 bits) | page number (24 bits).
_SCALE = 1_000_000
_TF_BITS, _DOC_BITS = 16, 24
_TF_MAX, _DOC_MASK = (1 << _TF_BITS) - 1, (1 << _DOC_BITS) - 1
_SCORE_SHIFT = _TF_BITS + _DOC_BITS


class SearchIndexError(RuntimeError):
    pass


class Stale(SearchIndexError):
    """A resumed index cannot give what a new one would: it is made from all pages again."""


class _Folded(dict):
    """Whitespace-separated word → its folded syllables, computed once per distinct word. Folding is per
    character, so folding words one by one gives the same syllables as folding the whole text, in a fraction of
    the time (a text has a few thousand distinct words, each seen many times)."""

    def __missing__(self, word: str) -> tuple[str, ...]:
        if len(self) >= 200_000:  # bounded: a long build of unusual words starts again from nothing
            self.clear()
        value = self[word] = tuple(_SYLLABLE.findall(fold(word)))
        return value


_folded = _Folded()


def syllables(text: str) -> list[str]:
    """Folded syllables of plain text: "Phòng, chống dịch" → ["phong", "chong", "dich"]."""
    return list(chain.from_iterable(map(_folded.__getitem__, text.split())))


def pairs(tokens: list[str]) -> list[str]:
    """Adjacent syllables: ["cong", "tac", "dan"] → ["cong tac", "tac dan"]."""
    return list(map(" ".join, zip(tokens, tokens[1:])))


def term_counts(title: str, text: str) -> tuple[Counter, int]:
    """Weighted term frequencies of a page (syllables and pairs, the title's TITLE_WEIGHT times) and its length."""
    body, head = syllables(text), syllables(title)
    counts = Counter(body)
    counts.update(map(" ".join, zip(body, islice(body, 1, None))))
    for term in (*head, *pairs(head)):
        counts[term] += TITLE_WEIGHT
    return counts, len(body) + TITLE_WEIGHT * len(head)


def shard_of(term: str) -> int:
    """A stable 32-bit hash of a term, the same as hash() in search.js: FNV-1a, then murmur3's fmix32."""
    h = 0x811C9DC5
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def snippet(text: str, size: int = SNIPPET) -> str:
    """The start of a page's text, at most `size` characters and an ellipsis, cut after a whole word."""
    if len(text) <= size:
        return text
    cut = text[:size]
    space = cut.rfind(" ")
    return (cut[:space] if space > size // 2 else cut).rstrip(" ,.;:-–") + "…"


def page_url(dest_uri: str) -> str:
    """The page's address relative to the site's root: a/b/index.html → a/b/, a.html → a.html."""
    if dest_uri == "index.html":
        return ""
    return dest_uri[: -len("index.html")] if dest_uri.endswith("/index.html") else dest_uri


def plain_text(html: str) -> str:
    """Text of an HTML fragment; a space where each tag was, so <td>a</td><td>b</td> gives two words."""
    return Markup(html.replace("<", " <")).striptags()


Analysis = tuple  # (term counts, length, snippet) of one page: what `add` needs of its text


def analyse(title: str, body_html: str, identifier: str = "") -> Analysis:
    """The costly part of indexing a page, which depends on nothing but the page: it can be done anywhere."""
    text = plain_text(body_html)
    if title and body_html.lstrip().startswith("<h1") and text.startswith(title):  # the title again
        text = text[len(title):].lstrip()
    counts, length = term_counts(title, text)
    own = syllables(identifier)
    for term in (*own, *pairs(own)):  # not in the length: an identifier is no reason to rank a page lower
        counts[term] += IDENTIFIER_WEIGHT
    return dict(counts), length, snippet(text)


def _postings() -> array:
    return array("Q")


def _percent(score: int) -> int:
    """A packed score (millionths of tf / (tf + norm)) as the integer 1…100 the browser reads."""
    return max(1, min(100, (score + 5_000) // 10_000))


class SearchIndex:
    """`add` makes a new index a page at a time; `resume` takes up the state the last `finish` returned, to
    `replace` the pages that changed. `finish` writes the index into site_dir/search/."""

    def __init__(self, language: str, *, top: int = TOP, per_shard: int = PER_SHARD,
                 shard_bytes: int = SHARD_BYTES, pivot: int = PIVOT):
        self.language = language
        self.top, self.per_shard, self.shard_bytes, self.pivot = top, per_shard, shard_bytes, pivot
        self._reset()

    def _reset(self) -> None:
        self.docs: list[tuple[str, str, str, str]] = []  # url, title, date, snippet
        self.postings: dict[str, array] = defaultdict(_postings)  # term → packed postings: terms being changed
        self.cut: dict[str, int] = {}  # term → its postings not in its array (for df)
        # term → (shard hash, df, its best postings as bytes, its entry in its term shard): the terms as the last
        # `finish` wrote them, of a resumed index, and not changed since
        self.table: dict[str, tuple[int, int, bytes, str]] = {}

    @property
    def count(self) -> int:
        return len(self.docs)

    def _packed(self, doc: int, analysis: Analysis) -> dict[int, int]:
        """The packed posting of each term frequency page `doc` has: score, tf and page number in one integer."""
        counts, length, _ = analysis
        norm = K1 * (1 - B + B * length / self.pivot)
        return {tf: (int(_SCALE * tf / (tf + norm)) << _SCORE_SHIFT) | (min(tf, _TF_MAX) << _DOC_BITS) | doc
                for tf in set(counts.values())}

    def add(self, dest_uri: str, title: str, body_html: str, date: str = "",
            analysis: Analysis | None = None, identifier: str = "") -> None:
        """One searchable page; `dest_uri` is where the page is written in the site (e.g. a/b/index.html).
        `analysis` is analyse(title, body_html, identifier) when it was made ahead (by a worker, or kept in the
        cache)."""
        doc = len(self.docs)
        if doc > _DOC_MASK:
            raise SearchIndexError(f"more than {_DOC_MASK} searchable pages")
        analysis = analysis or analyse(title, body_html, identifier)
        counts = analysis[0]
        self.docs.append((page_url(dest_uri), title, date, analysis[2]))
        packed = self._packed(doc, analysis)
        # One posting per term, appended in C loops (this is most of the indexing time); then the rare arrays
        # that went over 4 × TOP are cut back.
        terms = list(counts)
        arrays = list(map(self.postings.__getitem__, terms))
        deque(map(array.append, arrays, map(packed.__getitem__, counts.values())), maxlen=0)
        for term, entries in compress(zip(terms, arrays), map((4 * self.top).__lt__, map(len, arrays))):
            self._cut(term, entries)

    def _cut(self, term: str, entries: array) -> None:
        """Keep a term's best SPARE × TOP postings: one cut now cannot be among the best TOP any more."""
        keep = SPARE * self.top
        self.cut[term] = self.cut.get(term, 0) + len(entries) - keep
        self.postings[term] = array("Q", sorted(entries, reverse=True)[:keep])

    # -- updating -----------------------------------------------------------------------------------------

    def state(self) -> dict:
        """What `resume` needs (plain types, for the cache); valid once `finish` has written the index."""
        return {"options": self._options(), "docs": self.docs, "table": self.table}

    def _options(self) -> tuple:
        return FORMAT_VERSION, FOLD_VERSION, self.top, self.per_shard, self.shard_bytes, self.pivot, SPARE

    def resume(self, state: dict) -> bool:
        """Take up the index a `finish` wrote (its `state`); False, and nothing taken, when it was made with
        other options or rules."""
        if not isinstance(state, dict) or state.get("options") != self._options():
            return False
        self._reset()
        self.docs, self.table = list(state["docs"]), state["table"]
        return True

    def _live(self, term: str) -> array:
        """A term's postings, to be changed: taken out of the table, where it is."""
        entries = self.postings.get(term)
        if entries is None:
            entries = self.postings[term] = array("Q")
            found = self.table.pop(term, None)
            if found is not None:
                entries.frombytes(found[2])
                if found[1] > len(entries):
                    self.cut[term] = found[1] - len(entries)
        return entries

    def replace(self, doc: int, old: Analysis, dest_uri: str, title: str, date: str, analysis: Analysis) -> None:
        """Page `doc` of a resumed index, indexed from `old`, is now `analysis`. Every posting missing from a
        term's array is below all those in it, so a new posting goes in when it beats the lowest (or when
        none is missing); one that left a cut array leaves one spare fewer."""
        if not 0 <= doc < len(self.docs):
            raise Stale(f"no page {doc}")
        self.docs[doc] = (page_url(dest_uri), title, date, analysis[2])
        before, after = self._packed(doc, old), self._packed(doc, analysis)
        was, now = old[0], analysis[0]
        for term in was.keys() | now.keys():
            entries = self._live(term)
            if term in was:
                try:
                    entries.remove(before[was[term]])
                except ValueError:  # among those cut, or the state was not made from `old`
                    if not self.cut.get(term):
                        raise Stale(f"page {doc} is not in {term!r}") from None
                    self.cut[term] -= 1
            if term in now:
                value = after[now[term]]
                if not self.cut.get(term) or (entries and value > min(entries)):
                    entries.append(value)
                    if len(entries) > 4 * self.top:
                        self._cut(term, entries)
                else:
                    self.cut[term] += 1

    def _settle(self) -> None:
        """Each term added or changed written as its entry (its df and best TOP pages by page number, each with
        its score 1…100) and put in the table with its best SPARE × TOP postings; a term no page has any more
        is dropped. Raises Stale when a term kept fewer than TOP pages of more."""
        top, keep = self.top, SPARE * self.top
        postings = self.postings
        while postings:  # each array let go as its entry is made: not both whole at once
            term, entries = postings.popitem()
            df = len(entries) + self.cut.get(term, 0)
            if not df:
                continue
            if len(entries) < min(top, df):
                raise Stale(f"{term!r} kept {len(entries)} of its {df} pages")
            best = sorted(entries, reverse=True)
            written = sorted((entry & _DOC_MASK, _percent(entry >> _SCORE_SHIFT)) for entry in best[:top])
            value = ",".join(f"{d},{s}" for d, s in written)
            self.table[term] = (shard_of(term), df, array("Q", best[:keep]).tobytes(), f'"{term}":[{df},[{value}]]')
        self.cut.clear()

    def finish(self, site: str | Callable[[str, bytes], object]) -> dict:
        """Write the index into the site folder `site`, or through the build's writer; returns its `state`."""
        if isinstance(site, str):
            writer = Writer(site)
            site = lambda path, data: writer.write(path, data, "Bantin: search_index")  # noqa: E731
        try:
            self._settle()
            write_index(self, site)
            return self.state()
        except OSError as error:
            raise SearchIndexError(f"cannot write the index: {error}") from error
        finally:
            self.discard()

    def discard(self) -> None:
        self._reset()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_index(index: SearchIndex, write: Callable[[str, bytes], object]) -> dict:
    """Write the shards, then the manifest, with `write(path under the site, data)`; returns the manifest.
    Every term is in the index's table (`_settle`)."""
    table = index.table
    shards = max(1, math.ceil(sum(len(entry) + 1 for *_, entry in table.values()) / index.shard_bytes))
    groups: list[list[str]] = [[] for _ in range(shards)]
    for term in sorted(table):
        h, *_, entry = table[term]
        groups[h % shards].append(entry)  # terms are [a-z0-9 ]: nothing to escape

    files = [(f"t/{n}.json", "{" + ",".join(group) + "}") for n, group in enumerate(groups)]
    per = index.per_shard
    files += [(f"d/{n // per}.json", _json([list(doc) for doc in index.docs[n:n + per]]))
              for n in range(0, max(1, index.count), per)]
    digest = hashlib.blake2b(digest_size=5)
    for path, text in files:
        digest.update(path.encode() + b"\0" + text.encode("utf-8"))
    version = digest.hexdigest()
    for path, text in files:
        write(f"{SEARCH_INDEX}{version}/{path}", text.encode("utf-8"))
    manifest = {"version": FORMAT_VERSION, "fold": FOLD_VERSION, "docs": index.count, "shards": shards,
                "per": per, "top": index.top, "path": f"{version}/"}
    write(f"{SEARCH_INDEX}index.json", _json(manifest).encode("utf-8"))  # last: it names the shards' folder
    return manifest

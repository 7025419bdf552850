"""The article field table is the one source of the editors' contract: README, `new` and validation agree."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bantin.articles import ARTICLE_FIELDS, FIELDS, field_table, new_front_matter, parse_article

from conftest import REPO

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_readme_shows_the_field_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert field_table("vi") in readme, "README's table of fields differs from ARTICLE_FIELDS: paste field_table('vi')"


def test_the_table_lists_every_field_once_with_both_languages():
    assert len(set(FIELDS)) == len(FIELDS) == len(ARTICLE_FIELDS)
    assert all(f.vi and f.en and f.example for f in ARTICLE_FIELDS)
    assert [line.split("`")[1] for line in field_table("en").splitlines()[2:]] == list(FIELDS)


def test_new_writes_every_field_and_the_result_is_valid():
    text = new_front_matter({"title": "Tin mới", "date": "01/12/2026 08:00", "author": "Lan"}) + "\nNội dung.\n"
    article, problems = parse_article(text, path="a.md", src_uri="tin-tuc/a.md", url="tin-tuc/a/", tz=VN)
    assert problems == [] and article.title == "Tin mới" and article.date == dt.datetime(2026, 12, 1, 8, tzinfo=VN)
    written = {line.lstrip("# ").split(":")[0] for line in text.splitlines()[1:] if ":" in line}
    assert written == set(FIELDS) - {"authors"}  # one author is written; several are an edit away


def test_every_field_of_the_table_is_accepted_with_its_example():
    """An example that the validation would refuse would teach editors a mistake."""
    lines = [f"{f.name}: {f.example}" for f in ARTICLE_FIELDS if f.name not in ("authors", "image", "image_alt")]
    article, problems = parse_article("---\n" + "\n".join(lines) + "\n---\n", path="a.md", src_uri="tin-tuc/a.md",
                                      url="tin-tuc/a/", tz=VN)
    assert problems == [] and article is not None


def test_news_commented_dates_are_valid_once_uncommented():
    """An editor who removes the `# ` in front of `updated:` or `expires:` gets a valid article."""
    text = new_front_matter({"title": "Tin mới", "date": "01/12/2026 08:00", "author": "Lan"},
                            {"updated": "01/12/2026 08:00", "expires": "01/12/2027"})
    text = text.replace("# updated:", "updated:").replace("# expires:", "expires:")
    article, problems = parse_article(text, path="a.md", src_uri="tin-tuc/a.md", url="tin-tuc/a/", tz=VN)
    assert problems == [] and article.expires == dt.datetime(2027, 12, 1, tzinfo=VN)

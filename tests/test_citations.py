"""Numbers of registered documents found in an article's text and linked, and nothing else touched."""

from __future__ import annotations

import re
import unicodedata

import markdown
import pytest

from bantin.citations import Citations, normalize

REGISTER = {
    "17-QC/TU": "quy-che-17",
    "42/2022/NĐ-CP": "nghi-dinh-42",
    "49-CT/TW": "chi-thi-49",
    "114-KL/TW": "ket-luan-114",
    "01/2024/QĐ-UBND": "quyet-dinh-01",
    "125/KH-UBND": "ke-hoach-125",
}
CITATIONS = Citations(REGISTER)


def mentions(text: str, citations: Citations = CITATIONS) -> list[tuple[str, str]]:
    """(the text as written, target) of each mention."""
    return [(text[start:end], target) for start, end, target in citations.find(text)]


def href(target: str) -> str:
    return f"/van-ban/{target}/"


def link(html: str, citations: Citations = CITATIONS) -> str:
    return citations.link_html(html, href)[0]


def unlinked(html: str) -> str:
    """The fragment with the links this module makes taken out again."""
    return re.sub(r'<a class="bantin-cite" href="[^"]*">(.*?)</a>', r"\1", html)


# -- normalize -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", [
    "42/2022/NĐ-CP", "42/2022/nđ-cp", "42/2022/ND-CP", "42/2022/nd-cp", "42 / 2022 / ND - CP",
    "42/2022/NĐ\u2013CP", "42/2022/NĐ\u2011CP", "42/2022/N\u00d0-CP", " 42/2022/NĐ-CP\u00a0",
])
def test_normalize_spellings_of_one_number(spelling):
    assert normalize(spelling) == normalize("42/2022/NĐ-CP")


@pytest.mark.parametrize("other", ["42/2022/NĐ/CP", "42-2022/NĐ-CP", "42/2021/NĐ-CP", "42/2022/NĐ-C"])
def test_normalize_keeps_numbers_apart(other):
    assert normalize(other) != normalize("42/2022/NĐ-CP")


def test_normalize_composes_decomposed_letters():
    assert normalize(unicodedata.normalize("NFD", "03-KH/ĐOÀN")) == normalize("03-KH/ĐOÀN")


# -- find: what is a mention -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "written"), [
    ("17-QC/TU", "17-QC/TU"),
    ("Thực hiện Quy chế số 17-QC/TU, ngày 04/12/2019 của Thị ủy", "17-QC/TU"),
    ("theo Quy chế 17-qc/tu.", "17-qc/tu"),
    ("(Quy chế 17-QC/TU)", "17-QC/TU"),
    ("số 17 - QC / TU; ngày", "17 - QC / TU"),
    ("số:17-QC/TU", "17-QC/TU"),
    ("số 17\u2013QC/TU", "17\u2013QC/TU"),
    ("số 17\u2011QC/TU", "17\u2011QC/TU"),
    ("số\u00a017\u00a0-\u00a0QC/TU", "17\u00a0-\u00a0QC/TU"),
    ("Nghị định 17-QC/TU\n", "17-QC/TU"),
])
def test_forms_of_a_number_that_are_mentions(text, written):
    assert mentions(text) == [(written, "quy-che-17")]


@pytest.mark.parametrize("written", [
    "42/2022/NĐ-CP", "42/2022/ND-CP", "42/2022/nđ-cp", "42/2022/nd-cp", "42 / 2022 / NĐ - CP", "42/2022/NĐ - CP",
])
def test_d_and_dd_are_one_letter(written):
    assert mentions(f"theo Nghị định {written}, Chính phủ") == [(written, "nghi-dinh-42")]


def test_mention_spans_are_offsets_in_the_text():
    text = "17-QC/TU và 49-CT/TW"
    assert CITATIONS.find(text) == [(0, 8, "quy-che-17"), (12, 20, "chi-thi-49")]


def test_decomposed_letters_are_part_of_the_mention():
    citations = Citations({"03-KH/ĐOÀN": "ke-hoach-03"})
    written = unicodedata.normalize("NFD", "03-KH/ĐOÀN")
    assert mentions(f"Kế hoạch {written}.", citations) == [(written, "ke-hoach-03")]


@pytest.mark.parametrize("text", [
    "117-QC/TU", "A17-QC/TU", "x/17-QC/TU", "5-17-QC/TU", "17-QC/TUX", "17-QC/TU2", "217-QC/TU",
    "18-NQ/TU",  # a number the register does not hold
    "ngày 04/12/2019", "ngày 2021-12-28", "17-QC", "17QC/TU", "17 QC/TU", "17-QC TU", "QC/TU-17",
    "17-QC/T U", "", "không có số nào",
])
def test_what_is_not_a_mention(text):
    assert CITATIONS.find(text) == []


def test_only_registered_numbers_are_mentions():
    text = "Nghị quyết 18-NQ/TU, Chỉ thị 49-CT/TW, Kết luận 115-KL/TW, Kết luận 114-KL/TW."
    assert mentions(text) == [("49-CT/TW", "chi-thi-49"), ("114-KL/TW", "ket-luan-114")]


def test_mentions_in_a_row():
    text = "17-QC/TU,49-CT/TW;(125/KH-UBND) 01/2024/QĐ-UBND."
    assert [written for written, _ in mentions(text)] == ["17-QC/TU", "49-CT/TW", "125/KH-UBND", "01/2024/QĐ-UBND"]


# -- find: shorter candidates ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "written"), [
    ("17-QC/TU/ABC", "17-QC/TU"),
    ("17-QC/TU-X", "17-QC/TU"),
    ("17-QC/TU-X/Y", "17-QC/TU"),
    ("17-QC/TU - 2020", "17-QC/TU"),
    ("17-QC/TU / ABC", "17-QC/TU"),
    ("17-QC/TU/", "17-QC/TU"),
    ("17-QC/TU- ngày", "17-QC/TU"),
    ("5 - 17-QC/TU", "17-QC/TU"),  # a later segment after a spaced separator may start a mention
    ("ngày 04/12/2019 - 17-QC/TU", "17-QC/TU"),
])
def test_a_registered_number_followed_by_a_separator(text, written):
    assert mentions(text) == [(written, "quy-che-17")]


def test_the_longest_registered_run_wins():
    citations = Citations({"17-QC/TU": "goc", "17-QC/TU-BS": "bo-sung"})
    assert mentions("17-QC/TU-BS", citations) == [("17-QC/TU-BS", "bo-sung")]
    assert mentions("17-QC/TU-BS/2020", citations) == [("17-QC/TU-BS", "bo-sung")]
    assert mentions("17-QC/TU-BT", citations) == [("17-QC/TU", "goc")]


def test_reading_goes_on_after_a_mention_and_after_an_unregistered_start():
    assert mentions("49-CT/TW - 17-QC/TU") == [("49-CT/TW", "chi-thi-49"), ("17-QC/TU", "quy-che-17")]
    assert mentions("18-NQ/TU - 17-QC/TU") == [("17-QC/TU", "quy-che-17")]
    # Glued to the separator, a later segment starts nothing.
    assert mentions("18-NQ/TU-17-QC/TU") == []
    assert mentions("49-CT/TW-17-QC/TU") == [("49-CT/TW", "chi-thi-49")]


# -- the register ----------------------------------------------------------------------------------------------

def test_numbers_with_one_key_keep_the_first():
    citations = Citations({"42/2022/NĐ-CP": "dau", "42/2022/ND-CP": "sau", "42 / 2022 / nđ-cp": "nua", "1-A/B": "x"})
    assert citations.duplicates == [("42/2022/ND-CP", "42/2022/NĐ-CP"), ("42 / 2022 / nđ-cp", "42/2022/NĐ-CP")]
    assert mentions("42/2022/NĐ-CP", citations) == [("42/2022/NĐ-CP", "dau")]
    assert CITATIONS.duplicates == []


def test_an_empty_register_finds_nothing():
    empty = Citations({})
    assert empty.find("17-QC/TU") == []
    fragment = "<p>17-QC/TU</p>"
    assert empty.link_html(fragment, href) == (fragment, [])


def test_targets_may_be_any_value():
    class Document:
        def __init__(self, slug: str) -> None:
            self.slug = slug

        __hash__ = None  # type: ignore[assignment]  # unhashable, as a mutable record may be

    first, second = Document("a"), Document("b")
    citations = Citations({"17-QC/TU": first, "49-CT/TW": second, "18-NQ/TU": None})
    html, cited = citations.link_html("<p>17-QC/TU, 49-CT/TW, 17-QC/TU, 18-NQ/TU</p>",
                                      lambda d: f"/{d.slug}/" if d else "/none/")
    assert cited == [first, second, None]
    assert html.count('href="/a/"') == 2 and html.count('href="/none/"') == 1


# -- link_html -------------------------------------------------------------------------------------------------

def test_a_mention_in_a_paragraph_becomes_a_link():
    assert link("<p>Thực hiện Quy chế số 17-QC/TU, ngày 04/12/2019.</p>") == (
        '<p>Thực hiện Quy chế số <a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a>, '
        "ngày 04/12/2019.</p>")


@pytest.mark.parametrize(("fragment", "expected"), [
    ("<p><strong>17-QC/TU</strong></p>",
     '<p><strong><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></strong></p>'),
    ("<li><em>theo <b>17 - QC / TU</b></em></li>",
     '<li><em>theo <b><a class="bantin-cite" href="/van-ban/quy-che-17/">17 - QC / TU</a></b></em></li>'),
    ("<P>17-qc/tu</P>", '<P><a class="bantin-cite" href="/van-ban/quy-che-17/">17-qc/tu</a></P>'),
    ("<td>17-QC/TU</td>", '<td><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></td>'),
])
def test_mentions_inside_inline_markup_are_linked(fragment, expected):
    assert link(fragment) == expected


@pytest.mark.parametrize("fragment", [
    '<p><a href="/khac/">Quy chế 17-QC/TU</a></p>',
    '<p><a href="/khac/"><strong>17-QC/TU</strong></a></p>',
    '<p><a href="/khac/"><em><code>x</code> 17-QC/TU</em></a></p>',
    '<p><A HREF="/khac/">17-QC/TU</A></p>',
    '<p><a href="/tin-tuc/">17-QC/TU</a></p>',
    '<p><a href=/tin-tuc/>17-QC/TU</a></p>',  # the `/` ends the unquoted value: the tag is no `<a/>`
    '<p><a id="ve-quy-che"></a><a href="#x" title="17-QC/TU">17-QC/TU</a></p>',
    '<p><a href="/khac/">số 17-QC/TU, không đóng',
    '<p><code>17-QC/TU</code></p>',
    '<p><CODE>17-QC/TU</CODE></p>',
    '<pre><code class="language-text">Quy chế 17-QC/TU\n&lt;b&gt;49-CT/TW&lt;/b&gt;\n</code></pre>',
    "<pre>17-QC/TU</pre>",
    "<p><kbd>17-QC/TU</kbd> <samp>17-QC/TU</samp></p>",
    '<script>var s = "17-QC/TU"; if (a<b) { x = "</a>"; }</script>',
    "<style>/* 17-QC/TU */ p::after { content: '49-CT/TW'; }</style>",
    "<textarea>17-QC/TU <b>49-CT/TW</b></textarea>",
    '<h1 id="quy-che-17-qctu">Quy chế 17-QC/TU</h1>',
    '<h2 id="x">17-QC/TU<a class="headerlink" href="#x">¶</a></h2>',
    "<h3>17-QC/TU</h3><h4>17-QC/TU</h4><h5>17-QC/TU</h5><H6>17-QC/TU</H6>",
    '<p><img alt="17-QC/TU" src="a.jpg" title="49-CT/TW"></p>',
    '<p><img alt="a > b 17-QC/TU" src="a.jpg"></p>',
    "<p><abbr title='17-QC/TU'>QC</abbr></p>",
    "<!-- 17-QC/TU --><p>x</p>",
    "<p>x<!-- Quy chế 17-QC/TU --></p>",
    "<p>x<!-- a > b, 17-QC/TU --></p>",
    "<p>x <!-- không đóng 17-QC/TU",
    '<p><img alt="không đóng 17-QC/TU',
    "<p><![CDATA[ 17-QC/TU ]]> <!DOCTYPE x></p>",
    "",
    "<p>Không có số nào &amp; không có gì.</p>",
])
def test_fragments_that_stay_as_they_are(fragment):
    html, cited = CITATIONS.link_html(fragment, href)
    assert html == fragment
    assert html is fragment
    assert cited == []


@pytest.mark.parametrize(("fragment", "expected"), [
    # void and self-closing elements open nothing
    ("<p>a<br>17-QC/TU</p>", '<p>a<br><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ('<p><img src="a.jpg"/>17-QC/TU</p>',
     '<p><img src="a.jpg"/><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ('<p><a name="x"/>17-QC/TU</p>',
     '<p><a name="x"/><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ("<hr /><p>17-QC/TU</p>", '<hr /><p><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    # closed elements block no more
    ('<p><a href="/x/">x</a> 17-QC/TU</p>',
     '<p><a href="/x/">x</a> <a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ("<h2>17-QC/TU</h2><p>17-QC/TU</p>",
     '<h2>17-QC/TU</h2><p><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ("<pre><code>17-QC/TU</code></pre><p>17-QC/TU</p>",
     '<pre><code>17-QC/TU</code></pre><p><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ("<script>17-QC/TU</SCRIPT >17-QC/TU",
     '<script>17-QC/TU</SCRIPT ><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a>'),
    ("<p>17-QC/TU<!-- x -->49-CT/TW</p>",
     ('<p><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a><!-- x -->'
      '<a class="bantin-cite" href="/van-ban/chi-thi-49/">49-CT/TW</a></p>')),
    # a stray end tag does not make the next link a link's text
    ("<p></a></code></h2>17-QC/TU</p>",
     '<p></a></code></h2><a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    ("<p></a><a href='/x/'>17-QC/TU</a></p>", "<p></a><a href='/x/'>17-QC/TU</a></p>"),
    # a `<` that starts no tag is text
    ("<p>a <3 17-QC/TU</p>", '<p>a <3 <a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a></p>'),
    # entities and spacing around the mention stay as written
    ("<p>A &amp; B&nbsp;17-QC/TU&nbsp;&lt;x&gt;\n</p>",
     '<p>A &amp; B&nbsp;<a class="bantin-cite" href="/van-ban/quy-che-17/">17-QC/TU</a>&nbsp;&lt;x&gt;\n</p>'),
])
def test_what_is_linked_around_other_markup(fragment, expected):
    assert link(fragment) == expected


def test_the_href_is_escaped():
    html, _ = CITATIONS.link_html("<p>17-QC/TU</p>", lambda target: f'/tim?so={target}&x="1"<')
    assert html == '<p><a class="bantin-cite" href="/tim?so=quy-che-17&amp;x=&quot;1&quot;&lt;">17-QC/TU</a></p>'


def test_the_targets_cited_once_each_in_order_of_first_mention():
    fragment = ("<p>49-CT/TW và 17-QC/TU</p><p><code>125/KH-UBND</code> 17 - QC / TU, 49-ct/tw, "
                "42/2022/ND-CP</p><h2>114-KL/TW</h2>")
    html, cited = CITATIONS.link_html(fragment, href)
    assert cited == ["chi-thi-49", "quy-che-17", "nghi-dinh-42"]
    assert html.count('class="bantin-cite"') == 5


def test_two_numbers_of_one_target_cite_it_once():
    document = object()
    citations = Citations({"17-QC/TU": document, "17-QC/TU-BS": document})
    _, cited = citations.link_html("<p>17-QC/TU-BS, 17-QC/TU</p>", lambda _: "/x/")
    assert cited == [document]


def test_spans_found_once_link_the_same_fragment_alike():
    fragment = "<p>49-CT/TW và 17-QC/TU</p><p><code>17-QC/TU</code> 42/2022/ND-CP</p>"
    spans = CITATIONS.in_html(fragment)
    assert [fragment[start:end] for start, end, _ in spans] == ["49-CT/TW", "17-QC/TU", "42/2022/ND-CP"]
    assert CITATIONS.link_html(fragment, href, spans) == CITATIONS.link_html(fragment, href)


@pytest.mark.parametrize("spans", [
    [(30, 20, normalize("17-QC/TU"))],  # backwards
    [(0, 9999, normalize("17-QC/TU"))],  # past the end
    [(3, 11, "khong-co")],  # a number not in the register
    [(3, 11, normalize("49-CT/TW")), (5, 12, normalize("17-QC/TU"))],  # overlapping
    [("3", 11, normalize("49-CT/TW"))],
    [(0, 8, normalize("49-CT/TW"))],  # not where the number is
    [(3, 11, normalize("17-QC/TU"))],  # another number's place
    ["3, 11"],
])
def test_spans_that_cannot_be_this_fragments_are_not_trusted(spans):
    fragment = "<p>49-CT/TW và 17-QC/TU</p>"
    assert CITATIONS.link_html(fragment, href, spans) == CITATIONS.link_html(fragment, href)


def test_the_key_changes_with_the_numbers_only():
    assert Citations({"17-QC/TU": 1}).key == Citations({"17-qc/tu": 2}).key
    assert Citations({"17-QC/TU": 1}).key != Citations({"17-QC/TU": 1, "49-CT/TW": 2}).key


def test_markdown_output_changes_only_where_a_mention_is_linked():
    body = (
        "# Quy chế 17-QC/TU\n\n"
        "Thực hiện **Quy chế số 17-QC/TU**, ngày 04/12/2019 và [Chỉ thị 49-CT/TW](/van-ban/49/ \"49-CT/TW\"); "
        "theo Nghị định 42/2022/NĐ-CP & Kế hoạch 125/KH-UBND.\n\n"
        "![Ảnh 17-QC/TU](anh.jpg)\n\n"
        "    Quy chế 17-QC/TU trong khối mã\n\n"
        "<!-- 114-KL/TW -->\n\n"
        "- `01/2024/QĐ-UBND` và 01/2024/QĐ-UBND\n"
        "- Nghị quyết 18-NQ/TU\n"
    )
    fragment = markdown.markdown(body, extensions=["toc", "tables", "attr_list"])
    html, cited = CITATIONS.link_html(fragment, href)
    assert unlinked(html) == fragment
    linked = re.findall(r'<a class="bantin-cite" href="([^"]*)">(.*?)</a>', html)
    assert linked == [("/van-ban/quy-che-17/", "17-QC/TU"), ("/van-ban/nghi-dinh-42/", "42/2022/NĐ-CP"),
                      ("/van-ban/ke-hoach-125/", "125/KH-UBND"), ("/van-ban/quyet-dinh-01/", "01/2024/QĐ-UBND")]
    assert cited == ["quy-che-17", "nghi-dinh-42", "ke-hoach-125", "quyet-dinh-01"]


# -- size ------------------------------------------------------------------------------------------------------

def test_a_big_register_and_a_big_text():
    """5,000 numbers and 200 KB of text, every mention where it was put; a build of the whole site runs
    this for each article, so a cost per registered number or a quadratic pass would show here as a hang."""
    register = {}
    for i in range(1, 5001):
        kind = i % 4
        number = (f"{i}-NQ/TU", f"{i}/{2000 + i % 25}/NĐ-CP", f"{i}/KH-UBND", f"{i}-CT/TW")[kind]
        register[number] = i
    citations = Citations(register)
    parts, expected, position = [], [], 0
    i = 0
    while position < 200_000:
        i += 1
        number = i % 6000 + 1  # numbers past 5,000 are not registered
        written = (f"{number}-NQ/TU", f"{number}/{2000 + number % 25}/nd-cp", f"{number} / KH - UBND",
                   f"{number}-CT/TW")[number % 4]
        piece = f"Ngày {i % 28 + 1:02d}/{i % 12 + 1:02d}/2021, theo văn bản số "
        parts.append(piece)
        position += len(piece)
        if number <= 5000:
            expected.append((position, position + len(written), number))
        parts.append(written + ". ")
        position += len(written) + 2
    text = "".join(parts)
    assert len(text) >= 200_000
    assert citations.find(text) == expected
    html, linked = citations.link_html(f"<p>{text}</p>", lambda n: f"/van-ban/{n}/")
    assert linked == list(dict.fromkeys(number for _, _, number in expected))
    assert html.count('class="bantin-cite"') == len(expected)
    assert unlinked(html) == f"<p>{text}</p>"


@pytest.mark.parametrize(("text", "count"), [
    (" - ".join(str(n) for n in range(40_000)), 1),  # one chain of 40,000 segments, each a possible start
    ("-".join(str(n) for n in range(40_000)), 1),
    ("1" * 200_000 + "-QC/TU", 1),
    ("17" + " " * 100_000 + "-QC/TU", 2),  # spaces around a separator, however many
])
def test_long_chains_are_read_in_bounded_steps(text, count):
    found = mentions(text + " - 17-QC/TU")
    assert found == [(found[0][0], "quy-che-17")] * (count - 1) + [("17-QC/TU", "quy-che-17")]


@pytest.mark.parametrize("fragment", ["<a " * 50_000, "<p " * 50_000 + "17-QC/TU", "<!-- " * 50_000])
def test_long_unclosed_markup_is_read_once(fragment):
    assert CITATIONS.link_html(fragment, href) == (fragment, [])

"""Slugs: what a reader sees in the address bar for a category, a tag, an author or a new article."""

import unicodedata

import pytest

from bantin.slugs import slugify


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đảng", "dang"),
        ("Sa Pa", "sa-pa"),
        ("đảng", "dang"),
        ("ĐẢNG CỘNG SẢN", "dang-cong-san"),
        (nfd("Đảng"), "dang"),
        (nfd("Quảng Trị"), "quang-tri"),
        ("Công tác dân vận", "cong-tac-dan-van"),
        ("Nguyễn Thị Hương", "nguyen-thi-huong"),
        ("Ư ơ ă â ê ô ư", "u-o-a-a-e-o-u"),
        ("  Thị xã   Mây Ngàn  ", "thi-xa-may-ngan"),
        ("Kinh tế - Xã hội", "kinh-te-xa-hoi"),
        ("Lê & Trần", "le-tran"),
        ("Phường 1, Quận 3", "phuong-1-quan-3"),
        ("Hội nghị lần thứ 15/2023", "hoi-nghi-lan-thu-15-2023"),
        ("Nghị quyết số 01-NQ/TU", "nghi-quyet-so-01-nq-tu"),
        ("COVID-19", "covid-19"),
        ("“Dân vận khéo”", "dan-van-kheo"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        # U+00D0 (Ð) is the look-alike of Đ that text pasted from old Vietnamese encodings often carries.
        pytest.param("Ðà Nẵng", "da-nang", id="U+00D0"),
        ("", ""),
        ("!!! ---", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("text", "max_words", "slug"),
    [
        ("Tiêu đề bài viết mới", 10, "tieu-de-bai-viet-moi"),
        ("Một hai ba bốn năm", 3, "mot-hai-ba"),
        ("Một, hai; ba", 2, "mot-hai"),
    ],
)
def test_slugify_max_words(text, max_words, slug):
    assert slugify(text, max_words=max_words) == slug

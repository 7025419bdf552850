"""Every message an editor reads exists in Vietnamese and in English, with the same blanks to fill in."""

from __future__ import annotations

import ast
import string

import pytest

from bantin.messages import MESSAGES, Messages
from conftest import REPO

PACKAGE = REPO / "plugins" / "bantin"


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def test_both_languages_have_the_same_keys():
    assert set(MESSAGES) == {"vi", "en"}
    assert sorted(set(MESSAGES["vi"]) ^ set(MESSAGES["en"])) == []


@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_each_message_has_the_same_placeholders_in_both_languages(key):
    assert placeholders(MESSAGES["vi"][key]) == placeholders(MESSAGES["en"][key])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_message_fills_in(language):
    """A stray `{` (or a placeholder with a format spec nobody passes) would fail only when the message is shown."""
    say = Messages(language)
    for key, message in MESSAGES[language].items():
        names = placeholders(message)
        filled = say(key, **{name: f"«{name}»" for name in names})
        assert all(f"«{name}»" in filled for name in names), (key, filled)
        assert filled and filled.strip() == filled, key


def test_braces_written_out_stay_braces():
    assert Messages("en")("search_meta") == "must be `search: {exclude: true}` or `search: {boost: 2}`"


def test_vietnamese_is_vietnamese():
    say = Messages("vi")
    assert say.language == "vi"
    assert say("symlink_loop") == "là liên kết tới thư mục chứa chính nó; xóa liên kết"
    assert say("duplicate_key", first=3) == ("trường bị khai báo hai lần (lần đầu ở dòng 3); xóa một dòng, vì chỉ "
                                             "dòng cuối có hiệu lực")


@pytest.mark.parametrize("language", ["fr", "", "zh"])
def test_another_language_falls_back_to_english(language):
    say = Messages(language)
    assert (say.language, say("symlink_loop")) == ("en", "is a link to a folder that contains it; delete the link")


def test_english_by_default():
    assert Messages().language == "en"


def _literal_keys() -> set[tuple[str, str]]:
    """(file, key) for each message key written literally in the package: `say("key", …)`, `.error(field, "key")`."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = {"say": 0, "error": 1}.get(name)
            if position is not None and len(node.args) > position:
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add((path.relative_to(PACKAGE).as_posix(), argument.value))
    return found


def test_the_package_asks_only_for_messages_that_exist():
    keys = _literal_keys()
    assert len(keys) > 30  # the scan does find the calls
    assert sorted((path, key) for path, key in keys if key not in MESSAGES["en"]) == []

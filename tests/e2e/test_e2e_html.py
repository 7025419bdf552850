"""Valid HTML: the Nu Html Checker (vnu.jar from the `vnu-jar` npm package, on the machine's Java 17) reports no
error on any page of the sample portal, in Vietnamese or in English. It runs once over all pages of both builds:
it takes seconds to start. Run with the rest of the suite: `python -m pytest tests/e2e`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import vnu_errors

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`

@pytest.fixture(scope="session")
def vnu(portals, java) -> dict[str, list[dict]]:
    """language → vnu's errors for that build; one vnu run over every page of both builds."""
    files = {language: sorted(portal.site.rglob("*.html")) for language, portal in portals.items()}
    errors = vnu_errors(java, [f for found in files.values() for f in found])
    by_language: dict[str, list[dict]] = {language: [] for language in portals}
    for error in errors:
        path = Path(error["file"])
        language = next((lang for lang, portal in portals.items() if portal.site in path.parents), None)
        assert language, f"vnu reported a file outside the builds: {error}"
        error["page"] = path.relative_to(portals[language].site).as_posix()
        by_language[language].append(error)
    return by_language


def _describe(errors: list[dict]) -> str:
    lines = [f"{e['page']}:{e.get('lastLine', '?')}: {e.get('message')}\n    {e.get('extract', '').strip()[:160]}"
             for e in errors[:40]]
    if len(errors) > 40:
        lines.append(f"… and {len(errors) - 40} more")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_is_valid_html(portals, vnu, language):
    assert len(list(portals[language].site.rglob("*.html"))) > 100  # the whole portal was checked
    errors = vnu[language]
    assert not errors, f"the Nu Html Checker, {language}:\n" + _describe(errors)

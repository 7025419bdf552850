"""The search index: Pagefind, fed one record per article and static page.

Pagefind splits its index into small chunks fetched on demand, so a phone downloads a few hundred KB for a
query whatever the size of the site, and it matches Vietnamese with or without diacritics. Records are given
directly (text already extracted by the build) rather than by re-reading every written HTML file.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass

from markupsafe import Markup

INDEX_DIR = "pagefind"


@dataclass(frozen=True, slots=True)
class Record:
    url: str  # root-relative, e.g. /tin-tuc/2021/abc/
    title: str
    text: str  # the body as plain text
    date: str = ""  # shown under the title in results
    image: str = ""
    image_alt: str = ""


def text_of(html: str) -> str:
    return " ".join(Markup(html).striptags().split())


async def _write(records: list[Record], output: str, language: str) -> None:
    from pagefind.index import PagefindIndex

    async with PagefindIndex({"output_path": output}) as index:
        for record in records:
            meta = {"title": record.title}
            if record.date:
                meta["date"] = record.date
            if record.image:
                meta.update(image=record.image, image_alt=record.image_alt)
            await index.add_custom_record(url=record.url, content=record.text, language=language, meta=meta)


def write_index(site_dir: str, records: list[Record], language: str) -> str:
    """Write the index into site_dir/pagefind/; returns that folder."""
    output = os.path.join(site_dir, INDEX_DIR)
    asyncio.run(_write(records, output, language))
    return output

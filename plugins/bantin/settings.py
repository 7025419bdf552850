"""The site's settings, read once from mkdocs.yml: what the plugin, the plan and every command use.

A plain frozen value with no engine in it, so the command line reads the same settings as a build without
setting up the plugin, and a test builds one in a line.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .i18n import Locale
from .messages import Messages
from .urls import Routes


class SettingsError(ValueError):
    """A configuration mistake: the commands exit with 2, not 1 (content)."""


@dataclass(frozen=True)
class Agency:
    """Who runs the portal (config.AgencyConfig): every page's header and footer."""

    name: str = ""
    parent: str = ""
    logo: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    responsible: str = ""
    license: str = ""
    login: str = ""  # the editors' server (`admin_url`): the footer's "Đăng nhập"


@dataclass(frozen=True)
class Notice:
    """A banner on every page from `start` until `until` (NĐ 224/2026 Điều 13: notice of planned outages)."""

    text: str
    start: dt.datetime | None
    until: dt.datetime | None
    level: str = "info"  # info | warning | danger

    def shown(self, now: dt.datetime) -> bool:
        return (self.start is None or self.start <= now) and (self.until is None or now < self.until)


NOTICE_LEVELS = ("info", "warning", "danger")


def _notice(value: dict, tz) -> Notice | None:
    from .front import BadDate, parse_date

    if not value:
        return None
    unknown = set(value) - {"text", "from", "until", "level"}
    if unknown:
        raise SettingsError(f"bantin: notice: unknown key {sorted(unknown)[0]!r}; the keys are text, from, until, level")
    text = str(value.get("text") or "").strip()
    if not text:
        raise SettingsError("bantin: notice: `text` is required (the words of the banner)")
    level = value.get("level", "info")
    if level not in NOTICE_LEVELS:
        raise SettingsError(f"bantin: notice: level must be one of {', '.join(NOTICE_LEVELS)}, not {level!r}")
    moments = {}
    for key in ("from", "until"):
        if value.get(key) in (None, ""):
            moments[key] = None
            continue
        try:
            moments[key] = parse_date(value[key], tz)[0]
        except BadDate:
            raise SettingsError(f"bantin: notice: {key}: cannot read {value[key]!r} as a date; write 28/12/2026 "
                                "or 28/12/2026 08:30") from None
    if moments["from"] and moments["until"] and moments["until"] <= moments["from"]:
        raise SettingsError("bantin: notice: `until` must be after `from`")
    return Notice(text, moments["from"], moments["until"], level)


@dataclass(frozen=True)
class Settings:
    language: str = "vi"
    articles_dir: str = "tin-tuc"
    documents_dir: str = "van-ban"
    timezone: str = "Asia/Ho_Chi_Minh"
    latest_count: int = 5
    most_read_count: int = 5
    home_count: int = 10
    related_count: int = 5
    page_size: int = 10
    views_baseline: int = 0
    releases_kept: int = 5
    store: str = "stats/bantin.sqlite"  # relative to the folder of mkdocs.yml
    window_minutes: int = 30
    stats_url: str = ""
    stats_logs: tuple[str, ...] = ()  # `stats: logs:`, as written (relative to the folder of mkdocs.yml)
    agency: Agency = field(default_factory=Agency)
    services_url: str = ""
    notice: Notice | None = None
    routes: Routes = field(default_factory=Routes)
    config_dir: str = ""  # the folder of mkdocs.yml; messages name files relative to it
    docs_dir: str = "content"
    site_url: str = ""
    markdown_extensions: tuple = ()  # the site's Markdown, for the summaries Bantin makes
    markdown_configs: dict = field(default_factory=dict)

    def markdown(self):
        """A converter with the site's own extensions (as MkDocs configures its own)."""
        import markdown

        return markdown.Markdown(extensions=list(self.markdown_extensions), extension_configs=self.markdown_configs)

    @property
    def tz(self) -> dt.tzinfo:
        return ZoneInfo(self.timezone)

    @property
    def locale(self) -> Locale:
        return Locale(self.language)

    @property
    def say(self) -> Messages:
        return Messages(self.language)

    @property
    def store_path(self) -> str:
        return os.path.join(self.config_dir, self.store)

    def shown(self, path: str) -> str:
        """A path as editors read it in messages: relative to the folder of mkdocs.yml."""
        return os.path.relpath(path, self.config_dir) if self.config_dir else path

    @classmethod
    def read(cls, options, *, language: str, config_dir: str, docs_dir: str, site_url: str,
             markdown_extensions=(), markdown_configs=None) -> Settings:
        """From the plugin's options (attributes as in config.BantinConfig); SettingsError if one is wrong."""
        language = (language or "en").split("-")[0]
        try:
            ZoneInfo(options.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"bantin: timezone: unknown time zone {options.timezone!r}; "
                                "write one like Asia/Ho_Chi_Minh") from None
        u = options.urls
        page = u.page or ("trang" if Locale(language).language == "vi" else "page")
        prefixes = {"category": u.category, "tag": u.tag, "author": u.author, "archive": u.archive,
                    "search": u.search, "site_map": u.site_map, "page": page}
        for name, value in prefixes.items():
            if not value.strip("/"):
                raise SettingsError(f"bantin: urls.{name}: must not be empty")
        articles, documents = options.articles_dir.strip("/"), options.documents_dir.strip("/")
        if not documents or documents == articles:
            raise SettingsError("bantin: documents_dir: must name a folder of its own, beside articles_dir")
        admin_url = (options.admin_url or "").strip()
        if admin_url and not (admin_url.startswith("/") or admin_url.startswith(("https://", "http://"))):
            raise SettingsError(f"bantin: admin_url: {admin_url!r} is not an address; write https://… or /admin/")
        return cls(
            language=language, articles_dir=options.articles_dir.strip("/"),
            documents_dir=documents, timezone=options.timezone,
            latest_count=options.latest_count, most_read_count=options.most_read_count,
            home_count=options.home_count, related_count=options.related_count, page_size=options.page_size,
            views_baseline=options.views_baseline, releases_kept=options.releases_kept,
            store=options.stats.store, window_minutes=options.stats.window_minutes,
            stats_url=options.stats.url or "",
            stats_logs=tuple(options.stats.logs),
            agency=Agency(**{key: (getattr(options.agency, key) or "").strip() for key in Agency.__dataclass_fields__
                             if key != "login"}, login=admin_url),
            services_url=(options.services_url or "").strip(), notice=_notice(options.notice, ZoneInfo(options.timezone)),
            routes=Routes(**{name: value.strip("/") for name, value in prefixes.items()},
                          documents=documents),
            config_dir=config_dir, docs_dir=docs_dir, site_url=site_url or "",
            markdown_extensions=tuple(markdown_extensions), markdown_configs=dict(markdown_configs or {}),
        )

"""The plugin's configuration schema (the `bantin:` entry under `plugins:` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class _Count(c.Type):
    """A whole number with a floor: `page_size: 0` is a configuration error, not a division by zero."""

    def __init__(self, default: int, minimum: int = 1):
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value):
        if isinstance(value, bool):
            raise c.ValidationError(f"expected a whole number, not {value!r}")
        value = super().run_validation(value)
        if value < self.minimum:
            raise c.ValidationError(f"must be {self.minimum} or more, not {value}")
        return value


class UrlsConfig(Config):
    category = c.Type(str, default="chuyen-muc")
    """Prefix of category listings: chuyen-muc/<slug>/."""
    tag = c.Type(str, default="the")
    """Prefix of tag listings: the/<slug>/."""
    author = c.Type(str, default="tac-gia")
    """Prefix of author pages: tac-gia/<slug>/."""
    archive = c.Type(str, default="luu-tru")
    """Prefix of the archive: luu-tru/, luu-tru/2021/, luu-tru/2021/12/."""
    search = c.Type(str, default="tim-kiem")
    """The search page: tim-kiem/."""
    site_map = c.Type(str, default="so-do-cong")
    """The HTML site map (Sơ đồ cổng): so-do-cong/."""
    page = c.Optional(c.Type(str))
    """The word before a page number: trang/2/ (Vietnamese), page/2/ (English); default by language."""


class StatsConfig(Config):
    store = c.Type(str, default="stats/bantin.sqlite")
    """The SQLite statistics store, relative to mkdocs.yml."""
    window_minutes = _Count(30, minimum=0)
    """Repeats of a page by one visitor within this window count once."""
    url = c.Optional(c.Type(str))
    """Where pages fetch live numbers; default: the site's own stats.json."""
    logs = c.ListOfItems(c.Type(str), default=[])
    """Access logs (or GoatCounter exports) each build ingests first, relative to mkdocs.yml; globs allowed."""


class AgencyConfig(Config):
    """Who runs the portal: the header and the footer of every page show it (TT 32/2017/TT-BTTTT Điều 17)."""
    name = c.Type(str, default="")
    """The agency, e.g. Ủy ban nhân dân thị xã Mây Ngàn."""
    parent = c.Type(str, default="")
    """Cơ quan chủ quản: the body the portal answers to."""
    logo = c.Optional(c.Type(str))
    """The emblem: an image under the content folder, e.g. images/logo.svg."""
    address = c.Type(str, default="")
    phone = c.Type(str, default="")
    email = c.Type(str, default="")
    responsible = c.Type(str, default="")
    """Người chịu trách nhiệm: the person responsible for the portal's content."""
    license = c.Type(str, default="")
    """Giấy phép: the licence the portal runs under, if it has one."""


class BantinConfig(Config):
    articles_dir = c.Type(str, default="tin-tuc")
    """Folder under docs_dir whose Markdown files are articles."""
    documents_dir = c.Type(str, default="van-ban")
    """Folder under docs_dir whose Markdown files are the register's documents (văn bản)."""
    timezone = c.Type(str, default="Asia/Ho_Chi_Minh")
    """Time zone of dates written without one, and of "today" and "this week"."""
    latest_count = _Count(5, minimum=0)
    """Articles in the "Thông tin mới nhất" box."""
    most_read_count = _Count(5, minimum=0)
    """Articles in the "Đọc nhiều nhất" box."""
    home_count = _Count(10, minimum=0)
    """Latest articles shown as cards on the home page."""
    related_count = _Count(5, minimum=0)
    """Related articles under an article."""
    page_size = _Count(10)
    """Articles per page of a listing."""
    views_baseline = _Count(0, minimum=0)
    """Site views counted before this portal (added to "Tất cả")."""
    releases_kept = _Count(5)
    """Releases kept beside the web root by `publish --to`, for `--rollback`."""
    cache = c.Type(bool, default=True)
    """Keep what a build worked out in .cache/bantin/ beside mkdocs.yml, for the next build."""
    jobs = _Count(0, minimum=0)
    """Processes that convert and render pages at once; 0: one per core of the machine."""
    stats = c.SubConfig(StatsConfig)
    """View statistics: where they are stored and how visits are counted."""
    urls = c.SubConfig(UrlsConfig)
    """URL prefixes of the generated pages."""
    agency = c.SubConfig(AgencyConfig)
    """The agency that runs the portal, for the header and footer."""
    services_url = c.Optional(c.Type(str))
    """Dịch vụ công trực tuyến: the address of the online public services portal, a menu item."""
    admin_url = c.Optional(c.Type(str))
    """Đăng nhập: the address of the editors' server (`python build.py admin`), linked from every footer."""
    notice = c.Type(dict, default={})
    """A banner on every page: {text, from, until, level} (planned maintenance, an urgent notice)."""

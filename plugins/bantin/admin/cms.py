"""Decap CMS's configuration, written from Bantin's own field tables, so the form asks for what `check` accepts.

The articles' and documents' fields come from `ARTICLE_FIELDS` and `DOCUMENT_FIELDS` (their kinds give the
widget, their `required` the form's, their help texts the hints, in the site's language); the leaders' and the
weekly schedule's from the keys their parsers read. Categories, tags and document types are offered from what
the content already uses. An editor without the `publisher` role gets `draft` as a hidden field set to true:
what they save is a draft until a publisher unticks it.
"""

from __future__ import annotations

import os
from collections import Counter

from ..articles import ARTICLE_FIELDS, MAX_VIEWS, Field
from ..content import LEADERS_FILE, SCHEDULE_DIR, Content
from ..documents import DOCUMENT_FIELDS, FILE_TYPES
from ..leaders import KEYS as LEADER_KEYS, REQUIRED as LEADER_REQUIRED
from ..schedule import KEYS as WEEK_KEYS
from ..settings import Settings

API = "/admin/api/v1"

# Moment.js formats: the date forms the front-matter reader accepts (28/12/2021 08:30).
DATE_TIME = {"widget": "datetime", "format": "DD/MM/YYYY HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm",
             "picker_utc": False}
DATE_ONLY = {"widget": "datetime", "format": "DD/MM/YYYY", "date_format": "DD/MM/YYYY", "time_format": False,
             "picker_utc": False}

_LABELS = {
    "vi": {"title": "Tiêu đề", "date": "Ngày đăng", "author": "Tác giả", "category": "Chuyên mục", "tags": "Từ khóa",
           "views": "Lượt xem", "summary": "Tóm tắt", "image": "Ảnh đại diện", "image_alt": "Mô tả ảnh",
           "updated": "Cập nhật lúc", "expires": "Hết hạn", "draft": "Bản nháp", "featured": "Ghim lên trang chủ",
           "body": "Nội dung", "number": "Số ký hiệu", "type": "Loại văn bản", "issuer": "Cơ quan ban hành",
           "issued": "Ngày ban hành", "effective": "Ngày có hiệu lực", "signer": "Người ký", "field": "Lĩnh vực",
           "files": "Tệp đính kèm", "file": "Tệp", "replaces": "Thay thế văn bản số",
           "articles": "Bài viết", "article": "bài viết", "documents": "Văn bản", "document": "văn bản",
           "leaders": "Lãnh đạo", "leader": "lãnh đạo", "weeks": "Lịch công tác", "week": "tuần",
           "items": "Công việc", "item": "công việc",
           "name": "Họ và tên", "position": "Chức vụ", "photo": "Ảnh", "phone": "Điện thoại", "email": "Thư điện tử",
           "bio": "Tiểu sử", "duties": "Nhiệm vụ được phân công", "duty": "nhiệm vụ",
           "time": "Giờ", "leader_name": "Lãnh đạo chủ trì", "content": "Nội dung công việc", "place": "Địa điểm",
           "participants": "Thành phần"},
    "en": {"title": "Title", "date": "Date", "author": "Author", "category": "Category", "tags": "Tags",
           "views": "Views", "summary": "Summary", "image": "Picture", "image_alt": "Picture description",
           "updated": "Updated", "expires": "Expires", "draft": "Draft", "featured": "Pinned on the home page",
           "body": "Text", "number": "Number", "type": "Type", "issuer": "Issuer", "issued": "Issued",
           "effective": "In force from", "signer": "Signed by", "field": "Field", "files": "Attached files",
           "file": "File", "replaces": "Replaces numbers", "articles": "Articles", "article": "article",
           "documents": "Documents", "document": "document", "leaders": "Leaders", "leader": "leader",
           "weeks": "Work schedule", "week": "week", "items": "Engagements", "item": "engagement",
           "name": "Name", "position": "Position", "photo": "Photo", "phone": "Phone", "email": "Email",
           "bio": "Biography", "duties": "Duties", "duty": "duty", "time": "Time", "leader_name": "Leader",
           "content": "What", "place": "Where", "participants": "Who takes part"},
}


def choices(content: Content) -> dict[str, list[str]]:
    """What the content already uses, most used first: the options of the form's lists."""
    def ranked(values) -> list[str]:
        return [name for name, _ in Counter(values).most_common()]
    return {
        "category": ranked(a.category for a in content.articles if a.category),
        "tags": ranked(t for a in content.articles for t in a.tags),
        "type": ranked(d.type for d in content.documents),
        "issuer": ranked(d.issuer for d in content.documents),
        "field": ranked(d.field for d in content.documents if d.field),
    }


def _widget(f: Field, label: str, hint: str, options: list[str] | None, publisher: bool) -> dict | None:
    base = {"name": f.name, "label": label, "hint": hint, "required": f.required}
    if f.name == "authors":
        return None  # the form writes `author:`; several authors are an edit in the file
    if f.name == "draft" and not publisher:
        return {"name": "draft", "label": label, "widget": "hidden", "default": True}
    if f.kind == "date":
        return {**base, **(DATE_TIME if f.name in ("date", "updated", "expires") and f in ARTICLE_FIELDS
                          else DATE_ONLY)}
    if f.kind == "flag":
        return {**base, "widget": "boolean", "default": bool(f.new)}
    if f.kind == "count":
        return {**base, "widget": "number", "value_type": "int", "min": 0, "max": MAX_VIEWS, "default": 0}
    if f.kind == "link":
        return {**base, "widget": "image", "choose_url": False}
    if f.kind == "files":
        types = ", ".join(FILE_TYPES.values())
        return {**base, "widget": "list", "summary": "{{fields.file}}",
                "field": {"name": "file", "label": types, "widget": "file", "choose_url": False}}
    if f.kind == "names":
        if options:
            return {**base, "widget": "select", "multiple": True, "options": options}
        return {**base, "widget": "list"}
    if options:
        return {**base, "widget": "select", "options": options}
    return {**base, "widget": "text" if f.name in ("summary",) else "string"}


def _fields(table: tuple[Field, ...], words: dict, language: str, options: dict, publisher: bool) -> list[dict]:
    out = []
    for f in table:
        hint = f.vi if language == "vi" else f.en
        widget = _widget(f, words.get(f.name, f.name), hint.replace("`", ""), options.get(f.name), publisher)
        if widget is not None:
            out.append(widget)
    return out


def config(settings: Settings, content: Content, *, publisher: bool, site_url: str) -> dict:
    """Decap's whole configuration for one editor (the `draft` field depends on the role)."""
    language = "vi" if settings.language == "vi" else "en"
    words = _LABELS[language]
    options = choices(content)
    docs = os.path.relpath(settings.docs_dir, settings.config_dir).replace(os.sep, "/")
    body = {"name": "body", "label": words["body"], "widget": "markdown", "editor_components": [],
            "modes": ["rich_text", "raw"]}
    articles = {
        "name": "articles", "label": words["articles"], "label_singular": words["article"],
        "folder": f"{docs}/{settings.articles_dir}", "extension": "md", "format": "yaml-frontmatter",
        "create": True, "delete": True, "path": "{{year}}/{{slug}}", "slug": "{{slug}}",
        "media_folder": f"/{docs}/images/bai-viet", "public_folder": "images/bai-viet",
        "preview_path": f"{settings.articles_dir}/{{{{dirname}}}}/{{{{filename}}}}/",
        "sortable_fields": ["date", "title", "author"], "summary": "{{title}} · {{date}}",
        "fields": [*_fields(ARTICLE_FIELDS, words, language, options, publisher), body],
    }
    documents = {
        "name": "documents", "label": words["documents"], "label_singular": words["document"],
        "folder": f"{docs}/{settings.documents_dir}", "extension": "md", "format": "yaml-frontmatter",
        "create": True, "delete": True, "path": "{{year}}/{{slug}}", "slug": "{{type}}-{{number}}",
        "media_folder": f"/{docs}/{settings.documents_dir}/tep", "public_folder": f"{settings.documents_dir}/tep",
        "preview_path": f"{settings.documents_dir}/{{{{dirname}}}}/{{{{filename}}}}/",
        "summary": "{{number}} · {{title}}", "sortable_fields": ["issued", "number", "title"],
        "fields": [*_fields(DOCUMENT_FIELDS, words, language, options, publisher), {**body, "required": False}],
    }
    leader_fields = [{"name": key, "label": words[key], "required": key in LEADER_REQUIRED,
                      **({"widget": "image", "choose_url": False, "media_folder": f"/{docs}/images/lanh-dao",
                          "public_folder": "images/lanh-dao"} if key == "photo" else
                         {"widget": "list", "field": {"name": "duty", "label": words["duty"], "widget": "string"}}
                         if key == "duties" else
                         {"widget": "text"} if key == "bio" else {"widget": "string"})}
                     for key in LEADER_KEYS]
    leaders = {
        "name": "leaders", "label": words["leaders"], "delete": False, "format": "yml",
        "files": [{"name": "leaders", "label": words["leaders"], "file": f"{docs}/{LEADERS_FILE}",
                   "fields": [{"name": "leaders", "label": words["leaders"], "label_singular": words["leader"],
                               "widget": "list", "summary": "{{fields.name}} · {{fields.position}}",
                               "fields": leader_fields}]}],
    }
    week_fields = [{"name": key, "label": words["leader_name" if key == "leader" else key],
                    "required": key in ("date", "content"),
                    **(DATE_ONLY if key == "date" else {"widget": "string"})} for key in WEEK_KEYS]
    weeks = {
        "name": "weeks", "label": words["weeks"], "label_singular": words["week"],
        "folder": f"{docs}/{SCHEDULE_DIR}", "extension": "yml", "format": "yml", "create": False, "delete": False,
        "identifier_field": "items", "summary": "{{filename}}",
        "fields": [{"name": "items", "label": words["items"], "label_singular": words["item"], "widget": "list",
                    "summary": "{{fields.date}} {{fields.time}} · {{fields.content}}", "fields": week_fields}],
    }
    return {
        "backend": {"name": "proxy", "proxy_url": site_url.rstrip("/") + API, "branch": "main"},
        "load_config_file": False,
        "locale": language,
        "site_url": site_url, "display_url": site_url, "show_preview_links": True,
        "media_folder": f"{docs}/images/bai-viet", "public_folder": "images/bai-viet",
        "publish_mode": "simple",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [articles, documents, leaders, weeks],
    }

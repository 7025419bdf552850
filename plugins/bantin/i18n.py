"""The plugin's own words in Vietnamese and English, and locale-aware numbers and dates (Babel)."""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date
from babel.numbers import format_decimal

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "views": "Lượt xem",
        "author": "Tác giả",
        "tags": "Từ khóa",
        "latest": "Thông tin mới nhất",
        "most_read": "Đọc nhiều nhất",
        "most_read_all": "Mọi lúc",
        "most_read_week": "7 ngày qua",
        "stats": "Thống kê truy cập",
        "online": "Đang online",
        "today": "Hôm nay",
        "week": "Trong tuần",
        "all_time": "Tất cả",
        "not_measured": "chưa có số liệu",
        "featured": "Tin nổi bật",
        "latest_articles": "Tin mới",
        "archive": "Xem tất cả tin bài",
        "related": "Tin liên quan",
        "older": "Bài trước",
        "newer": "Bài sau",
        "article_nav": "Bài viết kế cận",
        "sidebar": "Thông tin bên lề",
        "no_articles": "Chưa có bài viết nào.",
        "tag": "Từ khóa",
        "page": "trang",
        "archive_of": "Lưu trữ",
        "all_articles": "Tất cả tin bài",
        "categories": "Chuyên mục",
        "authors": "Tác giả",
        "articles_count": "bài viết",
        "pagination": "Phân trang",
        "previous_page": "Trang trước",
        "next_page": "Trang sau",
        "page_n": "Trang",
        "search": "Tìm kiếm",
        "search_label": "Tìm tin bài",
        "search_placeholder": "Nhập từ cần tìm, có dấu hoặc không dấu",
        "search_button": "Tìm",
        "search_none": "Không tìm thấy bài viết phù hợp.",
        "search_results": "Kết quả tìm kiếm",
        "search_needs_js": "Trang tìm kiếm cần bật JavaScript.",
        "by_year": "Theo năm",
        "by_month": "Theo tháng",
        "feed": "Tin mới qua RSS",
        "feed_atom": "Tin mới qua Atom",
        "feed_json": "Tin mới dạng JSON",
        "skip": "Chuyển đến nội dung chính",
        "text_size": "Cỡ chữ",
        "text_smaller": "Giảm cỡ chữ",
        "text_larger": "Tăng cỡ chữ",
        "share": "Chia sẻ",
        "new_window": "mở cửa sổ mới",
        "copy_link": "Sao chép liên kết",
        "copied": "Đã sao chép liên kết",
        "tools": "Công cụ",
        "not_found": "Không tìm thấy trang",
        "not_found_hint": "Địa chỉ này không có trên cổng thông tin, hoặc bài viết đã được chuyển đi. "
                          "Hãy tìm bài viết bằng ô tìm kiếm, hoặc xem:",
        "home": "Trang chủ",
        "mark_draft": "Nháp",
        "mark_scheduled": "Hẹn giờ",
        "mark_expired": "Hết hạn",
        # reading aloud
        "listen": "Nghe đọc bài",
        "listen_pause": "Tạm dừng",
        "listen_resume": "Đọc tiếp",
        "listen_stop": "Dừng",
        "listen_reading": "Đang đọc…",
        "listen_paused": "Đã tạm dừng",
        "listen_stopped": "Đã dừng đọc",
        "listen_done": "Đã đọc xong",
        # leaders and the weekly schedule
        "leaders": "Lãnh đạo",
        "no_leaders": "Chưa có thông tin lãnh đạo.",
        "leader_phone": "Điện thoại",
        "leader_email": "Thư điện tử",
        "leader_duties": "Nhiệm vụ được phân công",
        "schedule": "Lịch công tác",
        "schedule_this_week": "Lịch công tác tuần này",
        "schedule_weeks": "Lịch công tác các tuần",
        "schedule_current": "tuần này",
        "schedule_all": "Xem lịch cả tuần",
        "schedule_none": "Chưa có lịch công tác tuần này.",
        "schedule_rest": "Không còn lịch công tác nào trong tuần này.",
        "schedule_no_weeks": "Chưa có lịch công tác nào.",
        "schedule_free_day": "Không có lịch công tác.",
        "schedule_time": "Thời gian",
        "schedule_leader": "Lãnh đạo",
        "schedule_place": "Địa điểm",
        "schedule_participants": "Thành phần",
        "week_n": "Tuần",
        "weekday_1": "Thứ Hai",
        "weekday_2": "Thứ Ba",
        "weekday_3": "Thứ Tư",
        "weekday_4": "Thứ Năm",
        "weekday_5": "Thứ Sáu",
        "weekday_6": "Thứ Bảy",
        "weekday_7": "Chủ nhật",
        # "Thống kê truy cập" before anything is counted (a figure not measured yet reads `not_measured`)
        "stats_none": "Chưa có số liệu truy cập.",
        "updated": "Cập nhật lúc",
        # the register (văn bản)
        "register": "Văn bản",
        "register_title": "Văn bản chỉ đạo, điều hành",
        "register_feed": "Văn bản mới ban hành",
        "doc_type": "Loại văn bản",
        "doc_issuer": "Cơ quan ban hành",
        "doc_field": "Lĩnh vực",
        "doc_year": "Năm ban hành",
        "doc_number": "Số ký hiệu",
        "doc_issued": "Ngày ban hành",
        "doc_abstract": "Trích yếu",
        "doc_effective": "Ngày có hiệu lực",
        "doc_expires": "Ngày hết hiệu lực",
        "doc_signer": "Người ký",
        "doc_status": "Trạng thái",
        "doc_files": "Tệp đính kèm",
        "doc_download": "Tải về",
        "doc_replaces": "Thay thế văn bản",
        "doc_replaced_by": "Được thay thế bởi",
        "doc_cited_by": "Tin liên quan",
        "doc_details": "Thông tin văn bản",
        "doc_browse": "Tra cứu văn bản",
        "documents_count": "văn bản",
        "no_documents": "Chưa có văn bản nào.",
        "open_data": "Dữ liệu mở",
        "open_data_json": "Toàn bộ sổ văn bản dạng JSON",
        "open_data_csv": "Toàn bộ sổ văn bản dạng CSV (mở bằng Excel)",
        "register_rss": "Văn bản mới qua RSS",
        "register_atom": "Văn bản mới qua Atom",
        "status_in_force": "Còn hiệu lực",
        "status_expired": "Hết hiệu lực",
        "status_not_yet": "Chưa có hiệu lực",
    },
    "en": {
        "views": "Views",
        "author": "Author",
        "tags": "Tags",
        "latest": "Latest news",
        "most_read": "Most read",
        "most_read_all": "All time",
        "most_read_week": "Last 7 days",
        "stats": "Visitor statistics",
        "online": "Online now",
        "today": "Today",
        "week": "This week",
        "all_time": "All time",
        "not_measured": "not measured yet",
        "featured": "Featured",
        "latest_articles": "Latest articles",
        "archive": "See all articles",
        "related": "Related articles",
        "older": "Previous article",
        "newer": "Next article",
        "article_nav": "Nearby articles",
        "sidebar": "Sidebar",
        "no_articles": "No articles yet.",
        "tag": "Tag",
        "page": "page",
        "archive_of": "Archive",
        "all_articles": "All articles",
        "categories": "Categories",
        "authors": "Authors",
        "articles_count": "articles",
        "pagination": "Pagination",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "page_n": "Page",
        "search": "Search",
        "search_label": "Search articles",
        "search_placeholder": "Words to find, with or without accents",
        "search_button": "Search",
        "search_none": "No matching article.",
        "search_results": "Search results",
        "search_needs_js": "The search page needs JavaScript.",
        "by_year": "By year",
        "by_month": "By month",
        "feed": "Latest news as RSS",
        "feed_atom": "Latest news as Atom",
        "feed_json": "Latest news as JSON",
        "skip": "Skip to main content",
        "text_size": "Text size",
        "text_smaller": "Smaller text",
        "text_larger": "Larger text",
        "share": "Share",
        "new_window": "opens a new window",
        "copy_link": "Copy link",
        "copied": "Link copied",
        "tools": "Tools",
        "not_found": "Page not found",
        "not_found_hint": "This address is not on the portal, or the article has moved. "
                          "Search for it with the box above, or see:",
        "home": "Home page",
        "mark_draft": "Draft",
        "mark_scheduled": "Scheduled",
        "mark_expired": "Expired",
        # reading aloud
        "listen": "Listen to the article",
        "listen_pause": "Pause",
        "listen_resume": "Resume",
        "listen_stop": "Stop",
        "listen_reading": "Reading…",
        "listen_paused": "Paused",
        "listen_stopped": "Stopped",
        "listen_done": "Finished reading",
        # leaders and the weekly schedule
        "leaders": "Leaders",
        "no_leaders": "No leaders listed yet.",
        "leader_phone": "Phone",
        "leader_email": "E-mail",
        "leader_duties": "Responsibilities",
        "schedule": "Work schedule",
        "schedule_this_week": "This week's schedule",
        "schedule_weeks": "Schedules by week",
        "schedule_current": "this week",
        "schedule_all": "See the whole week",
        "schedule_none": "No schedule for this week yet.",
        "schedule_rest": "Nothing more is scheduled this week.",
        "schedule_no_weeks": "No schedules yet.",
        "schedule_free_day": "Nothing scheduled.",
        "schedule_time": "Time",
        "schedule_leader": "Leader",
        "schedule_place": "Place",
        "schedule_participants": "Participants",
        "week_n": "Week",
        "weekday_1": "Monday",
        "weekday_2": "Tuesday",
        "weekday_3": "Wednesday",
        "weekday_4": "Thursday",
        "weekday_5": "Friday",
        "weekday_6": "Saturday",
        "weekday_7": "Sunday",
        # "Thống kê truy cập" before anything is counted (a figure not measured yet reads `not_measured`)
        "stats_none": "No visits counted yet.",
        "updated": "Updated",
        # the register
        "register": "Documents",
        "register_title": "Legal documents",
        "register_feed": "Newly issued documents",
        "doc_type": "Type",
        "doc_issuer": "Issued by",
        "doc_field": "Field",
        "doc_year": "Year",
        "doc_number": "Number",
        "doc_issued": "Issued",
        "doc_abstract": "Abstract",
        "doc_effective": "In force from",
        "doc_expires": "In force until",
        "doc_signer": "Signed by",
        "doc_status": "Status",
        "doc_files": "Attached files",
        "doc_download": "Download",
        "doc_replaces": "Replaces",
        "doc_replaced_by": "Replaced by",
        "doc_cited_by": "Related news",
        "doc_details": "Document details",
        "doc_browse": "Browse documents",
        "documents_count": "documents",
        "no_documents": "No documents yet.",
        "open_data": "Open data",
        "open_data_json": "The whole register as JSON",
        "open_data_csv": "The whole register as CSV (opens in Excel)",
        "register_rss": "New documents by RSS",
        "register_atom": "New documents by Atom",
        "status_in_force": "In force",
        "status_expired": "No longer in force",
        "status_not_yet": "Not yet in force",
    },
}


@functools.lru_cache(maxsize=65536)
def _decimal(value: int, language: str) -> str:
    # Babel takes ~50 µs a call and every page shows a dozen counts, mostly the same ones.
    return format_decimal(value, locale=language)


class Locale:
    """One language's strings and formats, chosen once per build from the site's language."""

    def __init__(self, language: str):
        self.language = language if language in STRINGS else "en"
        self.strings = STRINGS[self.language]

    def __getitem__(self, key: str) -> str:
        return self.strings[key]

    def number(self, value: int | None) -> str:
        """A count as readers write it: 1.228 in Vietnamese, 1,228 in English; a dash when unknown."""
        return "—" if value is None else _decimal(value, self.language)

    def decimal(self, value: float) -> str:
        """One decimal place, with the language's decimal mark: 2,4 in Vietnamese, 2.4 in English."""
        return format_decimal(round(value, 1), format="#,##0.0", locale=self.language)

    @staticmethod
    def datetime(moment: dt.datetime) -> str:
        """The portal's date form, dd/mm/yyyy HH:MM, in the site's time zone."""
        return moment.strftime("%d/%m/%Y %H:%M")

    @staticmethod
    def date(moment: dt.date) -> str:
        return moment.strftime("%d/%m/%Y")

    def month(self, year: int, month: int) -> str:
        """A month's name with its year: "tháng 12 năm 2021", "December 2021"."""
        pattern = "'tháng' M 'năm' y" if self.language == "vi" else "MMMM y"
        return format_date(dt.date(year, month, 1), pattern, locale=self.language)

"""Every message an editor reads, in the site's language: problems in content, warnings, and command summaries.

Messages are looked up by key, so a Vietnamese site speaks Vietnamese everywhere and a test can check that
both languages carry the same keys and the same placeholders.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "vi": {
        # reading a file
        "file_too_large": "tệp quá lớn ({size} KB) để là một bài viết; ảnh và tệp đính kèm để riêng, "
                          "bài viết chỉ chứa chữ",
        "utf16": "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8 (trong trình soạn thảo: Lưu thành… → UTF-8)",
        "not_utf8": "tệp không phải văn bản UTF-8 (có thể lưu từ Word hoặc bảng mã cũ); "
                    "hãy lưu lại dạng UTF-8",
        "binary": "tệp chứa ký tự rỗng (NUL), không phải văn bản; hãy kiểm tra lại tệp",
        "missing_front_matter": "thiếu phần khai báo: mở đầu tệp bằng một dòng `---`, rồi `title:`, `date:` và "
                                "`author:`, rồi một dòng `---` nữa",
        "not_closed": "phần khai báo chưa đóng: thêm một dòng `---` sau trường cuối cùng",
        "not_mapping": "phải là các dòng dạng `trường: giá trị`",
        "too_deep": "lồng nhau quá sâu (quá {limit} tầng); mỗi trường chỉ cần một giá trị hoặc một danh sách",
        "too_big": "quá lớn sau khi mở rộng các bí danh YAML (quá {limit} giá trị); hãy viết giá trị trực tiếp",
        "duplicate_key": "trường bị khai báo hai lần (lần đầu ở dòng {first}); xóa một dòng, vì chỉ dòng cuối có hiệu lực",
        "yaml_tab": "lỗi cú pháp YAML: dòng được thụt lề bằng phím Tab; hãy thụt lề bằng dấu cách",
        "yaml_syntax": "lỗi cú pháp YAML ({problem}); đặt giữa hai dấu nháy kép những đoạn chữ có dấu \":\" "
                       "hoặc \"#\" hay bắt đầu bằng dấu nháy",
        # fields
        "required": "thiếu trường bắt buộc: thêm một dòng `{field}: {example}`",
        "not_text": "phải là một đoạn chữ, không phải danh sách hay bảng; viết `{field}: {example}`",
        "empty": "không được để trống; viết `{field}: {example}`",
        "flag": "phải là true hoặc false, không phải {value}",
        "names": "phải là một danh sách (`{field}: [a, b]`) hoặc các tên cách nhau bằng dấu phẩy",
        "date_unreadable": "không đọc được {value} là ngày; viết 28/12/2021, 28/12/2021 08:30, 2021-12-28 "
                           "hoặc 2021-12-28 08:30",
        "date_unreal": "{value} không phải ngày giờ có thật; kiểm tra ngày, tháng, giờ và múi giờ",
        "date_range": "{value} nằm ngoài khoảng năm 1900–9999; kiểm tra lại năm",
        "expires_before": "ngày hết hạn phải sau ngày đăng (`date:`)",
        "updated_before": "ngày cập nhật không thể trước ngày đăng (`date:`)",
        "author_both": "chỉ dùng `author:` (một tên) hoặc `authors:` (danh sách), không dùng cả hai",
        "views_not_number": "{value} không phải số nguyên; chỉ viết chữ số, ví dụ `views: 177`",
        "views_negative": "{value} là số âm; lượt xem là 0 trở lên",
        "views_too_big": "{value} lớn hơn mọi số lượt xem có thật (tối đa {limit}); kiểm tra lại",
        "views_octal": "{value} có số 0 ở đầu nên YAML đọc thành {read}; viết `views: {fixed}`",
        "views_sexagesimal": "{value} có dấu \":\" nên YAML đọc thành {read}; chỉ viết chữ số, ví dụ `views: 177`",
        "image_missing": "không tìm thấy tệp {path} (đường dẫn trong thư mục nội dung, ví dụ images/anh.jpg)",
        "image_alt_needed": "ảnh cần mô tả cho người không xem được ảnh: thêm `image_alt: …`",
        "bad_url": "{value} không phải địa chỉ được phép; chỉ dùng http://, https:// hoặc đường dẫn trong trang",
        "unknown_field": "trường không có trong danh mục, bị bỏ qua; {hint}",
        "did_you_mean": "có phải ý bạn là `{name}`?",
        "known_fields": "các trường hợp lệ: {names}",
        "template_missing": "không có mẫu trang {name}; các mẫu dùng được: {choices}",
        "template_internal": "{name} là mẫu nội bộ của giao diện, không dùng cho trang được; các mẫu dùng được: "
                             "{choices}",
        "hide": "phải là danh sách các phần cần ẩn, trong số: {choices}",
        "search_meta": "phải là `search: {{exclude: true}}` hoặc `search: {{boost: 2}}`",
        # .authors.yml
        "authors_start": "mở đầu tệp bằng `authors:` rồi liệt kê từng tác giả bên dưới",
        "authors_details": "ghi `bio:` và `avatar:` thụt lề dưới tên tác giả",
        # documents (văn bản)
        "document_front_matter": "thiếu phần khai báo: mở đầu tệp bằng một dòng `---`, rồi `number:`, `type:`, "
                                 "`issuer:`, `issued:` và `title:`, rồi một dòng `---` nữa",
        "files_list": "phải là danh sách đường dẫn tệp: `files: [van-ban/tep/so-17.pdf]`",
        "file_outside": "{path} không phải đường dẫn trong thư mục nội dung (ví dụ van-ban/tep/so-17.pdf)",
        "file_type": "{path}: loại tệp không được đăng; chỉ đăng {types}",
        "file_missing": "không tìm thấy tệp {path} (đường dẫn trong thư mục nội dung, ví dụ van-ban/tep/so-17.pdf)",
        "document_expires_before": "ngày hết hiệu lực phải sau ngày ban hành (`issued:`)",
        "document_expires_before_effective": "ngày hết hiệu lực phải sau ngày có hiệu lực (`effective:`)",
        "document_replaces_itself": "văn bản không thể thay thế chính nó ({number})",
        "duplicate_number": "số ký hiệu {number} đã dùng cho {other}; mỗi văn bản một số ký hiệu",
        "unknown_replaces": "không có văn bản số {number} trong sổ văn bản; kiểm tra lại số ký hiệu",
        # .leaders.yml
        "leaders_start": "mở đầu tệp bằng `leaders:` rồi liệt kê từng người bên dưới, mỗi người bắt đầu bằng "
                         "một dòng `- name: …`",
        "leaders_item": "mỗi lãnh đạo là một mục bắt đầu bằng `- name: …`, các trường khác (`position:`, "
                        "`photo:`…) thụt lề thẳng hàng bên dưới",
        "leader_photo_outside": "{path} không phải đường dẫn tệp trong thư mục nội dung (ví dụ "
                                "images/lanh-dao/hoang-van-an.svg)",
        "leader_photo_type": "{path} không phải tệp ảnh; dùng một trong các loại {types}",
        "leader_phone": "{value} không phải số điện thoại; chỉ dùng chữ số, dấu cách, dấu chấm, dấu ngoặc và dấu + "
                        "ở đầu, ví dụ 0200 3 812 002",
        "leader_email": "{value} không phải địa chỉ thư điện tử; viết dạng ten@mayngan.example.vn",
        "leader_duties": "phải là một đoạn chữ hoặc danh sách các đoạn chữ, mỗi nhiệm vụ một dòng `- …`",
        # lich-cong-tac/YYYY-Www.yml
        "week_name": "tên tệp {name} không phải một tuần ISO; đặt tên theo năm, chữ -W và số tuần hai chữ số, "
                     "ví dụ 2026-W49.yml (tuần 49 năm 2026)",
        "week_start": "mở đầu tệp bằng `items:` rồi liệt kê từng việc bên dưới, mỗi việc bắt đầu bằng một dòng "
                      "`- date: …`",
        "week_item": "mỗi việc là một mục bắt đầu bằng `- date: …`, các trường khác (`time:`, `content:`…) thụt lề "
                     "thẳng hàng bên dưới",
        "week_outside": "ngày {value} không thuộc tuần {week} của tệp này (từ thứ Hai {monday} đến Chủ nhật "
                        "{sunday}); sửa ngày hoặc chuyển việc sang tệp của tuần đó",
        "week_time": "{value} không phải giờ trong ngày; viết 08:00, 8h hoặc 14h30",
        "week_time_twice": "giờ đã ghi trong `date:`; bỏ giờ ở `date:` hoặc bỏ dòng `time:`",
        "week_names": "phải là một đoạn chữ hoặc danh sách tên: `{field}: [Tên một, Tên hai]`",
        # across files (warnings)
        "spelling": "{kind} \"{name}\" được viết nhiều cách: {spellings}; hãy thống nhất một cách viết",
        "same_title": "trùng tiêu đề với {other}",
        "body_image_missing": "ảnh {target} không có trong thư mục nội dung",
        "body_link_missing": "liên kết tới {target} không dẫn tới trang nào của cổng",
        "kind_category": "Chuyên mục",
        "kind_tag": "Từ khóa",
        # the site as a whole
        "collision": "cùng địa chỉ /{url} với {other}; đổi tên một trong hai tệp",
        "collision_generated": "địa chỉ /{url} do Bantin tạo ({what}); đổi tên tệp hoặc đổi `urls` trong mkdocs.yml",
        "logo_missing": "không tìm thấy biểu trưng {path} trong thư mục nội dung (ví dụ images/logo.svg)",
        "symlink_outside": "là liên kết tới {target}, nằm ngoài thư mục nội dung; không xuất bản tệp ngoài "
                           "thư mục nội dung: chép tệp vào đây thay cho liên kết",
        "symlink_broken": "là liên kết tới {target}, nơi không có tệp nào; xóa liên kết hoặc sửa đích",
        "symlink_loop": "là liên kết tới thư mục chứa chính nó; xóa liên kết",
        "special_file": "không phải tệp thường (thiết bị, FIFO hoặc socket); xóa khỏi thư mục nội dung",
        "gen_category": "trang chuyên mục",
        "gen_tag": "trang từ khóa",
        "gen_author": "trang tác giả",
        "gen_year": "lưu trữ theo năm",
        "gen_month": "lưu trữ theo tháng",
        "gen_archive": "lưu trữ",
        "gen_categories": "danh sách chuyên mục",
        "gen_tags": "danh sách từ khóa",
        "gen_authors": "danh sách tác giả",
        "gen_search": "trang tìm kiếm",
        "gen_register": "sổ văn bản",
        "gen_doc_type": "văn bản theo loại",
        "gen_doc_issuer": "văn bản theo cơ quan ban hành",
        "gen_doc_field": "văn bản theo lĩnh vực",
        "gen_doc_year": "văn bản theo năm",
        "gen_open_data": "dữ liệu mở của sổ văn bản",
        "gen_search_index": "chỉ mục tìm kiếm",
        "gen_feed": "tin mới RSS/Atom/JSON",
        "gen_sitemap": "sơ đồ XML",
        "gen_stats": "số liệu thống kê",
        "gen_robots.txt": "robots.txt",
        "gen_errors": "trang báo lỗi",
        "build_failed": "{errors} lỗi trong nội dung: sửa các dòng trên",
        # command lines
        "check_summary": "{valid} bài viết hợp lệ, {errors} lỗi, {warnings} cảnh báo",
        "check_strict": "`build` rất chặt: hãy sửa cả các cảnh báo, nếu không sẽ không xuất bản được.",
        "build_summary": "{articles} bài viết, {pages} trang, {warnings} cảnh báo, dựng trong {seconds} giây",
        "build_summary_documents": "{articles} bài viết, {documents} văn bản, {pages} trang, {warnings} cảnh báo, "
                                   "dựng trong {seconds} giây",
        "check_summary_documents": "{valid} bài viết và {documents} văn bản hợp lệ, {errors} lỗi, {warnings} cảnh báo",
        "unchanged": "Chưa có gì được xuất bản; trang cũ vẫn nguyên.",
        "scheduled": "{count} bài hẹn giờ chưa đăng; bài tiếp theo lên cổng lúc {when}",
        "progress": "đã dựng {done}/{total} trang",
        "progress_label": "Đang dựng",
        "new_exists": "đã có tệp này; chọn tiêu đề khác hoặc sửa tệp đó",
        "new_title": "tiêu đề cần có chữ cái hoặc chữ số",
        "new_number": "số ký hiệu phải có chữ hoặc số, ví dụ \"15/2024/QĐ-UBND\"",
        "serve_errors": "Nội dung có lỗi",
        "serve_errors_hint": "Sửa các lỗi dưới đây; trang sẽ tự tải lại khi tệp được lưu.",
    },
    "en": {
        "file_too_large": "the file is too large ({size} KB) for an article; keep images and attachments apart, "
                          "an article holds text",
        "utf16": "the file is saved as UTF-16; save it again as UTF-8 (in the editor: Save as… → UTF-8)",
        "not_utf8": "the file is not UTF-8 text (saved from Word or an old code page?); save it again as UTF-8",
        "binary": "the file contains NUL characters and is not text; check the file",
        "missing_front_matter": "missing: start the file with a `---` line, then `title:`, `date:` and "
                                "`author:`, then another `---` line",
        "not_closed": "not closed: add a `---` line after the last field",
        "not_mapping": "must be a list of `field: value` lines",
        "too_deep": "nested too deeply (over {limit} levels); a field takes one value or one list",
        "too_big": "too large once YAML aliases are expanded (over {limit} values); write the values out",
        "duplicate_key": "the field is given twice (first on line {first}); delete one, since only the last counts",
        "yaml_tab": "YAML syntax error: the line is indented with a Tab; indent with spaces",
        "yaml_syntax": "YAML syntax error ({problem}); put text that contains \":\" or \"#\" or starts with a "
                       "quote between double quotes",
        "required": "required field is missing: add a line `{field}: {example}`",
        "not_text": "must be one piece of text, not a list or a mapping; write `{field}: {example}`",
        "empty": "must not be empty; write `{field}: {example}`",
        "flag": "must be true or false, not {value}",
        "names": "must be a list (`{field}: [a, b]`) or text separated by commas",
        "date_unreadable": "cannot read {value} as a date; write 28/12/2021, 28/12/2021 08:30, 2021-12-28 or "
                           "2021-12-28 08:30",
        "date_unreal": "{value} is not a real date and time; check the day, month, hour and offset",
        "date_range": "{value} is outside the years 1900–9999; check the year",
        "expires_before": "the expiry must come after the publication date (`date:`)",
        "updated_before": "the update cannot come before the publication date (`date:`)",
        "author_both": "use either `author:` (one name) or `authors:` (a list), not both",
        "views_not_number": "{value} is not a whole number; write digits only, e.g. `views: 177`",
        "views_negative": "{value} is negative; a view count is 0 or more",
        "views_too_big": "{value} is beyond any real view count (at most {limit}); check it",
        "views_octal": "{value} starts with 0, so YAML reads it as {read}; write `views: {fixed}`",
        "views_sexagesimal": "{value} has a \":\", so YAML reads it as {read}; write digits only, e.g. `views: 177`",
        "image_missing": "file not found: {path} (a path under the content folder, e.g. images/anh.jpg)",
        "image_alt_needed": "an image needs a description for readers who cannot see it: add `image_alt: …`",
        "bad_url": "{value} is not an allowed address; use http://, https:// or a path of the site",
        "unknown_field": "unknown field, ignored; {hint}",
        "did_you_mean": "did you mean `{name}`?",
        "known_fields": "known fields: {names}",
        "template_missing": "there is no template {name}; templates a page can use: {choices}",
        "template_internal": "{name} is one of the theme's own templates, not one for a page; templates a page "
                             "can use: {choices}",
        "hide": "must be a list of parts to hide, among: {choices}",
        "search_meta": "must be `search: {{exclude: true}}` or `search: {{boost: 2}}`",
        "authors_start": "start the file with `authors:` and list each author under it",
        "authors_details": "give `bio:` and `avatar:` under the name",
        # documents
        "document_front_matter": "front-matter is missing: start the file with a line `---`, then `number:`, "
                                 "`type:`, `issuer:`, `issued:` and `title:`, then another line `---`",
        "files_list": "must be a list of file paths: `files: [van-ban/tep/so-17.pdf]`",
        "file_outside": "{path} is not a path under the content folder (for example van-ban/tep/so-17.pdf)",
        "file_type": "{path}: this type of file is not published; only {types}",
        "file_missing": "file {path} not found (a path under the content folder, e.g. van-ban/tep/so-17.pdf)",
        "document_expires_before": "the expiry date must be after the date of issue (`issued:`)",
        "document_expires_before_effective": "the expiry date must be after the date it takes effect (`effective:`)",
        "document_replaces_itself": "a document cannot replace itself ({number})",
        "duplicate_number": "number {number} is already used by {other}; each document has its own number",
        "unknown_replaces": "no document numbered {number} in the register; check the number",
        # .leaders.yml
        "leaders_start": "start the file with `leaders:` and list each person under it, each starting with a line "
                         "`- name: …`",
        "leaders_item": "each leader is an entry starting with `- name: …`, with the other fields (`position:`, "
                        "`photo:`…) indented in line under it",
        "leader_photo_outside": "{path} is not the path of a file under the content folder (for example "
                                "images/lanh-dao/hoang-van-an.svg)",
        "leader_photo_type": "{path} is not a picture; use one of {types}",
        "leader_phone": "{value} is not a phone number; use digits, spaces, dots, parentheses and a leading + only, "
                        "for example 0200 3 812 002",
        "leader_email": "{value} is not an e-mail address; write it as name@mayngan.example.vn",
        "leader_duties": "must be one piece of text or a list of texts, one duty per line `- …`",
        # lich-cong-tac/YYYY-Www.yml
        "week_name": "the file name {name} is not an ISO week; name it by the year, -W and the week in two digits, "
                     "for example 2026-W49.yml (week 49 of 2026)",
        "week_start": "start the file with `items:` and list each engagement under it, each starting with a line "
                      "`- date: …`",
        "week_item": "each engagement is an entry starting with `- date: …`, with the other fields (`time:`, "
                     "`content:`…) indented in line under it",
        "week_outside": "{value} is not in this file's week {week} (Monday {monday} to Sunday {sunday}); fix the "
                        "date or move the engagement to that week's file",
        "week_time": "{value} is not a time of day; write 08:00, 8h or 14h30",
        "week_time_twice": "`date:` already gives a time; remove the time from `date:` or the `time:` line",
        "week_names": "must be one piece of text or a list of names: `{field}: [One name, Another]`",
        "spelling": "{kind} \"{name}\" is spelled in several ways: {spellings}; use one spelling",
        "same_title": "has the same title as {other}",
        "body_image_missing": "image {target} is not in the content folder",
        "body_link_missing": "the link to {target} leads to no page of the portal",
        "kind_category": "Category",
        "kind_tag": "Tag",
        "collision": "has the same address /{url} as {other}; rename one of them",
        "collision_generated": "the address /{url} is generated by Bantin ({what}); rename the file or change "
                               "`urls` in mkdocs.yml",
        "logo_missing": "the emblem {path} is not in the content folder (for example images/logo.svg)",
        "symlink_outside": "is a link to {target}, outside the content folder; nothing outside it is published: "
                           "copy the file here instead of linking",
        "symlink_broken": "is a link to {target}, where there is no file; delete the link or fix its target",
        "symlink_loop": "is a link to a folder that contains it; delete the link",
        "special_file": "is not a regular file (a device, FIFO or socket); remove it from the content folder",
        "gen_category": "a category page",
        "gen_tag": "a tag page",
        "gen_author": "an author page",
        "gen_year": "the archive of a year",
        "gen_month": "the archive of a month",
        "gen_archive": "the archive",
        "gen_categories": "the list of categories",
        "gen_tags": "the list of tags",
        "gen_authors": "the list of authors",
        "gen_search": "the search page",
        "gen_register": "the register of documents",
        "gen_doc_type": "documents by type",
        "gen_doc_issuer": "documents by issuer",
        "gen_doc_field": "documents by field",
        "gen_doc_year": "documents by year",
        "gen_open_data": "the register's open data",
        "gen_search_index": "the search index",
        "gen_feed": "a feed",
        "gen_sitemap": "the XML sitemap",
        "gen_stats": "the statistics",
        "gen_robots.txt": "robots.txt",
        "gen_errors": "the error page",
        "build_failed": "{errors} error(s) in content: fix the lines above",
        "check_summary": "{valid} articles valid, {errors} errors, {warnings} warnings",
        "check_strict": "`build` is strict: fix the warnings too, or it will refuse to publish.",
        "build_summary": "{articles} articles, {pages} pages, {warnings} warnings, built in {seconds} s",
        "build_summary_documents": "{articles} articles, {documents} documents, {pages} pages, {warnings} warnings, "
                                   "built in {seconds} s",
        "check_summary_documents": "{valid} articles and {documents} documents valid, {errors} errors, "
                                   "{warnings} warnings",
        "unchanged": "Nothing was published; the previous site is unchanged.",
        "scheduled": "{count} scheduled article(s) not published yet; the next one is due at {when}",
        "progress": "{done}/{total} pages built",
        "progress_label": "Building",
        "new_exists": "already exists; choose another title or edit that file",
        "new_title": "give a title with letters or digits",
        "new_number": "the number needs a letter or a digit, for example \"15/2024/QĐ-UBND\"",
        "serve_errors": "The content has errors",
        "serve_errors_hint": "Fix the problems below; the page reloads by itself when a file is saved.",
    },
}


class Messages:
    """The messages of one language; `say(key, **values)` fills a message in."""

    def __init__(self, language: str = "en"):
        self.language = language if language in MESSAGES else "en"
        self._table = MESSAGES[self.language]

    def __call__(self, key: str, **values) -> str:
        return self._table[key].format(**values)

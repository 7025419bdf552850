"""What tests/test_hostile.py and tests/e2e/test_e2e_hostile.py share: a valid corpus to build first, the hostile
strings and the corpus that must build in spite of them, and running `python build.py …` in a child process that
cannot hang the suite or the machine (a time limit, and limits on memory and on the size of a written file).

Nothing here asserts: the test modules do.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
BUILD_PY = REPO / "build.py"

PNG = b"\x89PNG\r\n\x1a\n hostile fixture image"

# Put in every child's environment: a symlink to /proc/self/environ would carry it into the site.
SECRET_VAR = "BANTIN_HOSTILE_SECRET"
SECRET = "bi-mat-7f3a9c2e51d84b06"

MEMORY_LIMIT = 3 * 1024 ** 3  # address space of a child: reading /dev/zero or expanding an alias bomb stops here
FILE_LIMIT = 256 * 1024 ** 2  # largest file a child may write: copying /dev/zero stops here


# -- running the command line -----------------------------------------------------------------------------------

@dataclass
class Run:
    args: list[str]
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float  # the child's peak resident memory

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()

    def describe(self, tail: int = 40) -> str:
        """The run as a failure message shows it: command, exit, time, memory, the end of its output."""
        out = "\n".join((self.stderr.splitlines() + self.stdout.splitlines())[-tail:])
        cut = "\n".join(line if len(line) < 400 else line[:400] + f"… ({len(line)} characters)"
                        for line in out.splitlines())
        status = "killed at the time limit" if self.timed_out else f"exit {self.returncode}"
        return (f"`{' '.join(self.args[1:])}`: {status} after {self.seconds:.1f} s, "
                f"{self.max_rss_mb:.0f} MB\n{cut}")


def _limits() -> None:  # in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing


def run(args: list[str], cwd: Path, timeout: float = 60) -> Run:
    """Run a command as an editor would, killed (its whole process group) after `timeout` seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", SECRET_VAR: SECRET}
    env.pop("COLUMNS", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True, preexec_fn=_limits)
        killed = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(args, None if killed else process.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)


def bantin(*args: str, cwd: Path, timeout: float = 60) -> Run:
    """`python build.py ARGS…` in the site's folder."""
    return run([sys.executable, str(BUILD_PY), *args], cwd, timeout)


_API_BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from conftest import build_site
build_site(Path(sys.argv[2]), site_dir=sys.argv[3], strict=False)
"""


def api_build(config_file: Path, site_dir: Path, timeout: float = 60) -> Run:
    """A non-strict build with MkDocs' own API (tests/conftest.py's build_site), in a child process: a build that
    reads a FIFO or /dev/zero must not hang or exhaust the test process itself."""
    return run([sys.executable, "-c", _API_BUILD, str(TESTS), str(config_file), str(site_dir)],
               config_file.parent, timeout)


# -- reading results --------------------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder (symlinks as their target), by relative path, with the SHA-256 of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[relative] = "-> " + os.readlink(path)
        elif path.is_file():
            out[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def leftovers(folder: Path) -> list[str]:
    """Staging or swapped-out folders a build might leave beside the site."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site-"))


def problem_lines(lines: list[str], path: str, field: str = r"[^\s:]+") -> list[tuple[int, str, str]]:
    """The `path:line: field: message` lines about `path`: (line, field, the whole line)."""
    shape = re.compile(rf"^{re.escape(path)}:(\d+): ({field}): \S")
    return [(int(m.group(1)), m.group(2), line) for line in lines if (m := shape.match(line))]


def files_containing(folder: Path, needle: str) -> list[str]:
    """Files under `folder` whose bytes contain `needle` (UTF-8), as relative paths."""
    if not folder.exists():
        return []
    data = needle.encode()
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.is_symlink() and data in p.read_bytes())


# -- writing content ----------------------------------------------------------------------------------------------

_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\x0b": "\\v", "\x1b": "\\e"}


def yq(text: str) -> str:
    """`text` as a YAML double-quoted scalar; characters YAML may not carry raw are written as escapes."""
    def escape(c: str) -> str:
        if c in _YAML_ESCAPES:
            return _YAML_ESCAPES[c]
        code = ord(c)
        if code < 0x20 or 0x7f <= code <= 0x9f or 0xd800 <= code <= 0xdfff or code in (0xfffe, 0xffff):
            return f"\\u{code:04X}"
        return c
    return '"' + "".join(escape(c) for c in text) + '"'


def page(fields: dict, body: str = "") -> str:
    """A content file with front-matter written by hand: strings double-quoted by yq, lists in flow style."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(yq(v) for v in value)}]")
        elif isinstance(value, bool):
            lines.append(f"{key}: {str(value).lower()}")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {yq(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body + "\n"


# -- a valid corpus: the site a failed build must leave as it was ------------------------------------------------

VALID = {
    "content/index.md": "Chào mừng bạn đến với Cổng thông tin điện tử thị xã Mây Ngàn.\n",
    "content/gioi-thieu.md": "# Giới thiệu chung\n\nThị xã Mây Ngàn nằm ở phía tây tỉnh Hoàng Sơn.\n",
    "content/images/anh.png": PNG,
    "content/tin-tuc/2026/hoi-nghi.md": page(
        {"title": "Hội nghị tổng kết công tác năm", "date": "28/12/2025 08:30", "author": "Hoàng Thị Lan",
         "category": "Chính trị", "tags": ["Hội nghị"], "views": 120, "image": "images/anh.png",
         "image_alt": "Toàn cảnh hội nghị"},
        "Sáng 28/12, thị xã tổ chức hội nghị tổng kết công tác năm.\n\nNhiều chỉ tiêu đã hoàn thành."),
    "content/tin-tuc/2026/le-hoi.md": page(
        {"title": "Khai mạc lễ hội Hái chè xuân", "date": "2026-01-05 07:00", "author": "Ban biên tập",
         "category": "Văn hóa", "tags": ["Lễ hội"], "views": 10},
        "Lễ hội Hái chè xuân khai mạc tại quảng trường trung tâm."),
}


# -- hostile strings that must come out as inert text ---------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
TITLE_BREAK = "</title><script>alert(3)</script>"
SVG = "'><svg onload=alert(4)>"
PWN_SCRIPT = "<script>window.__pwned=1;document.title='PWNED'</script>"
PWN_IMAGE = '<img src=x onerror="window.__pwned=2;document.title=\'PWNED\'">'
JINJA = "{{ 7*7 }} {{ 191*7 }}"  # 49 could be anything on a page; 1337 is not
JINJA_RESULT = "1337"
RAW = "{% raw %}"
XML_FORBIDDEN = "\x0b\x1b\ufffe\uffff"  # written as \v \e \uFFFE \uFFFF in the YAML
HOSTILE = " ".join([SCRIPT, ATTRIBUTE, TITLE_BREAK, SVG, PWN_SCRIPT, PWN_IMAGE, JINJA, RAW, XML_FORBIDDEN])


def hostile(label: str) -> str:
    """A field's value: Vietnamese words to find it by, then every hostile string."""
    return f"{label} {HOSTILE}"


ARTICLE_TITLE = hostile("Cảnh báo khẩn cấp mùa lũ")
ARTICLE_QUERY = "canh bao khan cap mua lu"  # as a reader types it, without diacritics
CATEGORY = hostile("Chuyên mục độc hại")
AUTHOR = hostile("Tác giả độc hại")
PAGE_TITLE = hostile("Trang giới thiệu độc hại")
HOME_TITLE = hostile("Trang chủ độc hại")

ARTICLE_URL = "tin-tuc/2026/canh-bao/"
NEIGHBOUR_URL = "tin-tuc/2026/ke-ben/"
PAGE_URL = "gioi-thieu/"

BODY = "Mưa lớn kéo dài, nước sông dâng cao. " + JINJA + " " + RAW + "\n\nĐoạn cuối của bài viết."

# Links in the body of an article that would run script if followed. An article of their own, outside SUCCESS:
# the build may refuse them (a problem on each link's line) or publish them inert; both are safe.
BODY_LINKS = {
    "liên kết một": "javascript:alert(5)",
    "liên kết hai": "JaVaScRiPt:window.__pwned=5",
    "liên kết ba": "data:text/html,%3Cscript%3Ealert(6)%3C/script%3E",
}
LINKS_PATH = "content/tin-tuc/2026/lien-ket.md"
LINKS_URL = "tin-tuc/2026/lien-ket/"
LINKS_ARTICLE = {LINKS_PATH: page(
    {"title": "Bài có liên kết lạ", "date": "11/01/2026 10:00", "author": "Hoàng Thị Lan", "category": "Thời sự"},
    "\n\n".join(["Đoạn đầu.", *[f"Xem [{text}]({href}) để biết thêm." for text, href in BODY_LINKS.items()],
                 "Đoạn cuối."]))}
LINK_LINES = [n for n, line in enumerate(LINKS_ARTICLE[LINKS_PATH].splitlines(), 1) if "](" in line]

SUCCESS = {
    "content/index.md": page({"title": HOME_TITLE, "description": hostile("Mô tả trang chủ"),
                              "subtitle": hostile("Phụ đề trang chủ")},
                             "Chào mừng bạn đến với cổng thông tin. " + JINJA),
    "content/gioi-thieu.md": page({"title": PAGE_TITLE, "description": hostile("Mô tả trang tĩnh"),
                                   "subtitle": hostile("Phụ đề trang tĩnh")},
                                  "Thị xã Mây Ngàn nằm ở phía tây tỉnh Hoàng Sơn. " + JINJA),
    "content/images/anh.png": PNG,
    "content/.authors.yml": (f"authors:\n  {yq(AUTHOR)}:\n    name: {yq(hostile('Tên hiển thị độc hại'))}\n"
                             f"    bio: {yq(hostile('Tiểu sử độc hại'))}\n    avatar: images/anh.png\n"),
    "content/tin-tuc/2026/canh-bao.md": page(
        {"title": ARTICLE_TITLE, "date": "10/01/2026 09:00", "author": AUTHOR, "category": CATEGORY,
         "tags": [hostile("Thẻ độc hại"), "Thiên tai"], "views": 42, "summary": hostile("Tóm tắt độc hại"),
         "image": "images/anh.png", "image_alt": hostile("Ảnh độc hại"), "description": hostile("Mô tả bài"),
         "subtitle": hostile("Phụ đề bài"), "featured": True},
        BODY),
    "content/tin-tuc/2026/ke-ben.md": page(
        {"title": "Bài kế bên về phòng chống lũ", "date": "09/01/2026", "author": AUTHOR, "category": CATEGORY,
         "tags": ["Thiên tai"], "image": "https://anh.example.vn/lu.jpg", "image_alt": "Nước lũ"},
        "Bài viết bình thường, cùng chuyên mục."),
}

"""Reading one article from a ``.txt``, ``.md`` or ``.html`` file."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..models import Article
from .html import article_from_html

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

# A NUL byte in the first 8 KiB marks a binary file (the same test git and grep use).
_BINARY_SNIFF_BYTES = 8192


def read_text(path: Path | str, data: bytes | None = None) -> str:
    """Decode a file as UTF-8 text, refusing binary and non-UTF-8 content.

    Raises:
        InputError: the file cannot be read, is empty, binary, or not UTF-8.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise InputError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[err.start]:02x} at offset {err.start});"
            " convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


def read_article_file(path: Path) -> Article:
    """Read one article; HTML goes through trafilatura's main-text extraction."""
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; use .txt, .md, .html or .jsonl")
    text = read_text(path)
    if suffix in (".html", ".htm"):
        return article_from_html(text, str(path), source=path.stem)
    title = None
    if suffix in (".md", ".markdown"):
        first, _, rest = text.lstrip().partition("\n")
        if first.startswith("# "):
            title, text = first[2:].strip(), rest
    return Article(text=text, title=title, source=path.stem)

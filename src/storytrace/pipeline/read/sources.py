"""Turn the paths a user names into raw inputs: files found recursively, `.gz` opened, `-` as stdin.

Each input knows its article-id stem (the path relative to the ingested root) so ids stay stable
however the corpus is named on the command line. Whole-file checks that need no format knowledge
(too large, binary, undecodable, empty) live here and produce `Reject`s, never exceptions.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from storytrace.model import Reject

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one article (file, JSONL line or WARC record); news pages are far smaller

_MAX_CONTROL_SHARE = 0.01  # real text in any encoding has next to no C0 control characters

# Signatures of common binary formats that are certainly not articles.
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"SQLite format 3")


@dataclass(frozen=True, slots=True)
class RawInput:
    """One input file (or stdin): where it came from, the id stem of its articles, and its format."""

    origin: str  # shown in messages: the path as given, or "<stdin>"
    id_stem: str  # path relative to the ingested root, with "/" separators
    format: str  # "text" | "jsonl" | "html" | "warc"
    path: Path | None  # None for stdin


_FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
}


def detect_format(name: str) -> str | None:
    """The input format implied by a file name (`.gz` looked through), or None when unknown."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes:
        return "text"
    return _FORMAT_BY_SUFFIX.get(suffixes[-1])


def discover(paths: list[str]) -> Iterator[RawInput | Reject]:
    """Expand the given paths into inputs, in a stable (sorted) order; hidden files are skipped."""
    for given in paths:
        if given == "-":
            yield RawInput("<stdin>", "stdin", "jsonl", None)
            continue
        path = Path(given)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                yield _input_for(file, relative.as_posix())
        elif path.is_file():
            yield _input_for(path, path.name)
        else:
            yield Reject(given, "not_found", f"no such file or directory: {given}")


def _input_for(path: Path, id_stem: str) -> RawInput | Reject:
    fmt = detect_format(path.name)
    if fmt is None:
        return Reject(str(path), "unsupported_format", f"unknown file type {path.suffix!r}")
    return RawInput(str(path), id_stem, fmt, path)


def open_binary(raw: RawInput):
    """Open an input for reading bytes, decompressing `.gz` transparently."""
    if raw.path is None:
        return sys.stdin.buffer
    if raw.path.suffix.lower() == ".gz":
        return gzip.open(raw.path, "rb")
    return raw.path.open("rb")


def read_whole(raw: RawInput, max_bytes: int) -> bytes | Reject:
    """Read a single-article input whole, refusing it when larger than `max_bytes`."""
    if raw.path is not None and raw.path.suffix.lower() != ".gz" and raw.path.stat().st_size > max_bytes:
        return Reject(raw.origin, "too_large", f"{raw.path.stat().st_size} bytes > limit {max_bytes}")
    try:
        with open_binary(raw) as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        return Reject(raw.origin, "unreadable", f"cannot read: {error}")
    if len(data) > max_bytes:
        return Reject(raw.origin, "too_large", f"more than {max_bytes} bytes")
    return data


def decode_text(data: bytes, origin: str) -> tuple[str, str | None] | Reject:
    """Decode bytes to text: UTF-8 (with or without BOM) first, else a confident charset guess.

    Returns the text and a warning when the encoding had to be guessed; binary or undecodable
    input becomes a `Reject` with a payload-free reason (the bytes stay in the original file).
    """
    if not data.strip():
        return Reject(origin, "empty", "no text in input")
    if data.startswith(_BINARY_MAGIC) or (b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return Reject(origin, "binary", "binary content, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    text = str(best) if best is not None else ""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if best is None or best.chaos > 0.2 or controls > len(text) * _MAX_CONTROL_SHARE:
        return Reject(origin, "undecodable", "not valid UTF-8 and no confident encoding guess")
    return text, f"decoded as {best.encoding} (not UTF-8)"

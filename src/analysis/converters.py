"""Turn a source file into text: decoding plain text safely.

Every converter returns a :class:`Converted` (text plus the name and version
of the converter, recorded in the store) or raises :class:`DocumentError`
with a message that names the file and the reason, so a batch can skip the
file and go on.  Other formats (PDF, DOCX, HTML) register here too.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}


class DocumentError(Exception):
    """A file that cannot be used, with a reason a researcher can act on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class Converted:
    """Text extracted from a source file."""

    text: str
    converter: str
    converter_version: str
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk / len(text)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\x0c")
    return bad / len(text)


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte of ASCII/CJK text is often zero."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode bytes of a Chinese text file: BOM, UTF-8, UTF-16, then GB18030 (covers GBK).

    Refuses binary data and text that decodes to mostly control characters.
    """
    if not data.strip():
        raise DocumentError(path, "empty file")
    candidates: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            candidates = [enc]
            break
    else:
        utf16 = _looks_like_utf16(data)
        if utf16:
            candidates.append(utf16)
        elif b"\x00" in data[:8192]:
            raise DocumentError(path, "binary file (NUL bytes), not text")
        candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > 0.01:
            continue
        if enc == "gb18030" and _cjk_share(text) < 0.05:
            continue  # GB18030 decodes almost anything; demand that it looks Chinese
        return text.replace("\r\n", "\n").replace("\r", "\n"), enc
    raise DocumentError(path, "not decodable as UTF-8, UTF-16 or GB18030/GBK text (binary?)")


def convert_text(path: Path) -> Converted:
    """Plain text files in any of the encodings Chinese sites publish."""
    data = path.read_bytes()
    text, encoding = decode_text(data, path)
    return Converted(text, "text", "1", encoding)


Converter = Callable[[Path], Converted]
CONVERTERS: dict[str, Converter] = {suffix: convert_text for suffix in TEXT_SUFFIXES}


def convert(path: Path) -> Converted:
    """Text of a source file, by its suffix; DocumentError for anything unusable."""
    path = Path(path)
    if path.is_symlink():
        raise DocumentError(path, "symbolic links are not followed")
    if not path.is_file():
        raise DocumentError(path, "not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        limit = MAX_BYTES // 10**6
        raise DocumentError(path, f"file is {size / 1e6:.0f} MB, over the {limit} MB limit")
    converter = CONVERTERS.get(path.suffix.lower())
    if converter is None:
        known = ", ".join(sorted(CONVERTERS))
        suffix = path.suffix or "(none)"
        raise DocumentError(path, f"unsupported file type {suffix} (known: {known})")
    converted = converter(path)
    if not converted.text.strip():
        raise DocumentError(path, "no text in document")
    return converted

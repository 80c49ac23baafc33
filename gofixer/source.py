"""A Go source file as gofixer sees it: bytes read once, checked, normalised for
editing, and turned back into the exact on-disk form (BOM, line endings) on write."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"
_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)
_PACKAGE = re.compile(rb"^\s*package\s", re.MULTILINE)


class SourceError(Exception):
    """A file that cannot be handled; the message says why, for a warning."""


@dataclass(frozen=True)
class Fingerprint:
    """What a file was on disk when read, to notice a change before writing."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, raw: bytes, st: os.stat_result) -> "Fingerprint":
        return cls(st.st_size, st.st_mtime_ns, content_digest(raw))


@dataclass(frozen=True)
class SourceFile:
    """One Go file. `text` is what codemods see: no BOM, LF line endings when the
    file used CRLF throughout. `restore` turns edited text back into file bytes."""

    path: str  # as shown to the user
    abspath: str
    raw: bytes
    text: bytes
    bom: bool
    crlf: bool
    mode: int
    fingerprint: Fingerprint

    def restore(self, text: bytes) -> bytes:
        if self.crlf:
            text = text.replace(b"\n", b"\r\n")
        if self.bom:
            text = BOM + text
        return text


def content_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def read_source(path: str, display: str | None = None) -> SourceFile:
    """Read and check a Go file. Raises SourceError for anything a user can cause."""
    display = display or path
    try:
        st = os.stat(path)
    except OSError as e:
        raise SourceError(f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError("is a directory, not a Go file")
    if not stat.S_ISREG(st.st_mode):
        raise SourceError("not a regular file")
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise SourceError(f"cannot read: {e.strerror or e}") from None
    return decode_source(raw, display, os.path.abspath(path), st)


def decode_source(raw: bytes, display: str, abspath: str, st: os.stat_result) -> SourceFile:
    bom = raw.startswith(BOM)
    body = raw[len(BOM):] if bom else raw
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        line = body.count(b"\n", 0, e.start) + 1
        raise SourceError(f"not valid UTF-8 (line {line}); Go source must be UTF-8") from None
    if b"\x00" in body:
        raise SourceError("contains a NUL byte; not Go source")
    crlf = uses_crlf(body)
    text = body.replace(b"\r\n", b"\n") if crlf else body
    return SourceFile(
        path=display,
        abspath=abspath,
        raw=raw,
        text=text,
        bom=bom,
        crlf=crlf,
        mode=stat.S_IMODE(st.st_mode),
        fingerprint=Fingerprint.of(raw, st),
    )


def uses_crlf(body: bytes) -> bool:
    """True when every line ending is CRLF (a mixed file is left as it is)."""
    if b"\r" not in body or b"\r\n" not in body:  # a lone byte is found much faster than a pair
        return False
    lf = body.count(b"\n")
    return lf > 0 and body.count(b"\r\n") == lf


def is_generated(text: bytes) -> bool:
    """Go's convention: a `// Code generated ... DO NOT EDIT.` line before the
    package clause marks a file that tools must not edit."""
    m = _PACKAGE.search(text)
    head = text[: m.start()] if m else text
    return _GENERATED.search(head) is not None

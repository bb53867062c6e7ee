"""What a reporter's file really is: type sniffed from its bytes, name made safe.

Pure functions, no storage: reports.services decides what to keep.
"""

import io
import re
import unicodedata
import zipfile

# Each accepted type: the extensions a person's file may carry, and the MIME type
# recorded for it. The bytes decide the type; the extension must agree with them.
ACCEPTED_TYPES = {
    "pdf": ({"pdf"}, "application/pdf"),
    "png": ({"png"}, "image/png"),
    "jpeg": ({"jpg", "jpeg"}, "image/jpeg"),
    "heic": ({"heic", "heif"}, "image/heic"),
    "txt": ({"txt"}, "text/plain"),
    "docx": ({"docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
ACCEPT_ATTRIBUTE = ",".join(sorted({f".{ext}" for exts, _mime in ACCEPTED_TYPES.values() for ext in exts}))
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
# Control characters that never appear in a plain-text file.
_BINARY_CONTROL = set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32)) | {127}


def sniff_type(head: bytes, data: bytes | None = None) -> str | None:
    """The accepted type key the bytes are, or None. `data` is the whole file (docx, txt)."""
    data = head if data is None else data
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heic"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else None
    if _is_text(data):
        return "txt"
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(data: bytes) -> bool:
    if not data:
        return False
    sample = data[:65536]
    if any(byte in _BINARY_CONTROL for byte in sample if byte != 0x1B) or b"\x00" in sample:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1252 text is common; it has no NUL or control bytes (checked above).
        return True
    return True


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""


def type_matches_extension(kind: str, filename: str) -> bool:
    return extension(filename) in ACCEPTED_TYPES[kind][0]


def mime_type(kind: str) -> str:
    return ACCEPTED_TYPES[kind][1]


def safe_filename(filename: str, *, max_length: int = 100) -> str:
    """A file name safe to show and to offer as a download name.

    Drops any folder part, control and shell/HTML-significant characters, keeps
    letters (any script), digits, spaces and . _ - ( ); never empty, never hidden.
    """
    name = unicodedata.normalize("NFKC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w .()\-]", "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        name = "file"
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 10:
            name = stem[: max_length - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:max_length]
    return name

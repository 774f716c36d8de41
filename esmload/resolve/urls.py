"""`file:` URLs ↔ paths, the way Node converts them (percent-encoding, no encoded slashes)."""

from __future__ import annotations

# Characters a file URL path keeps as they are (the rest is percent-encoded as UTF-8).
_SAFE = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/:@!$&'()*+,;=-._~"
)


def path_to_url(path: str) -> str:
    # Written out rather than urllib.parse.quote: urllib.parse costs milliseconds to import
    # and this runs on every start (import.meta.url).
    data = path.encode("utf-8", "surrogateescape")
    if all(byte in _SAFE for byte in data):
        return "file://" + path
    return "file://" + "".join(chr(b) if b in _SAFE else f"%{b:02X}" for b in data)


def url_to_path(url: str) -> str:
    """The path of a `file:` URL; ValueError if it cannot name a local file."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme != "file":
        raise ValueError(f"not a file: URL: {url}")
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file: URL host must be empty or localhost: {url}")
    if "%2f" in parts.path.lower():
        raise ValueError(f"file: URL path must not include encoded / characters: {url}")
    return unquote(parts.path)

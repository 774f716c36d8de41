"""`file:` URLs ↔ paths, the way Node converts them (percent-encoding, no encoded slashes)."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit


def path_to_url(path: str) -> str:
    return "file://" + quote(path, safe="/:@!$&'()*+,;=-._~")


def url_to_path(url: str) -> str:
    """The path of a `file:` URL; ValueError if it cannot name a local file."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise ValueError(f"not a file: URL: {url}")
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file: URL host must be empty or localhost: {url}")
    if "%2f" in parts.path.lower():
        raise ValueError(f"file: URL path must not include encoded / characters: {url}")
    return unquote(parts.path)

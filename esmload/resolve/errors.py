"""Resolution errors, worded like Node's and naming both the specifier and the importer."""

from __future__ import annotations


class ResolveError(Exception):
    """`str()` is one line for users; `code` is Node's error code."""

    def __init__(self, code: str, message: str, specifier: str, referrer: str | None) -> None:
        self.code = code
        self.specifier = specifier
        self.referrer = referrer
        self.position: tuple[str, int, int] | None = None  # where the import is, when known
        super().__init__(message)


def imported_from(referrer: str | None) -> str:
    return f" imported from {referrer}" if referrer else ""

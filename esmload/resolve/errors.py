"""Resolution errors, worded like Node's and naming both the specifier and the importer."""

from __future__ import annotations

from esmload.errors import ResolveError

__all__ = ["ResolveError", "imported_from"]


def imported_from(referrer: str | None) -> str:
    return f" imported from {referrer}" if referrer else ""

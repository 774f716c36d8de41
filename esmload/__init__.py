"""esmload: run JavaScript ES modules on QuickJS, with a transparent on-disk bytecode cache."""

from __future__ import annotations

__version__ = "0.1.0"

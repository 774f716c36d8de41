"""Ready-made loader hooks, installed as `esmload.hooks` (see esmload/link/hooks.py)."""

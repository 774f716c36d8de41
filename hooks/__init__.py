"""Ready-made loader hooks, installed as `esmload.hooks` (see esmload/link/loader_hooks.py)."""

"""Names of Node's built-in modules, which esmload does not provide."""

NODE_BUILTINS = frozenset(  # noqa: SIM905 - a word list reads better than 70 quoted names
    """
    Names of Node's built-in modules, which esmload does not provide.
    """.split()
)

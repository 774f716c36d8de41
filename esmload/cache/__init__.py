"""The code cache: compiled units (modules, bundles, the host script) kept on disk, checked."""

"""Whole-program runs: engine + host globals + loader + event loop → exit code."""

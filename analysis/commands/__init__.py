"""Thin CLI drivers: parse arguments, call pure functions, write artefacts atomically."""

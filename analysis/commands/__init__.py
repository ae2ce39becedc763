"""Thin CLI drivers, one module per ``python -m analysis`` command: parse arguments, call
the stages' pure functions, write artefacts atomically. May import every stage; nothing
in the stages imports them.
"""

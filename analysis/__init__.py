"""News-driven event studies: articles -> dated events -> prices -> abnormal returns."""

__version__ = "0.1.0"

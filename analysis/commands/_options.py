"""Options shared by several commands."""

from __future__ import annotations

import argparse
import re

# Event windows ("-1:1", "-250:-11", "-1:1,0:0") and negative numbers are values.
_NEGATIVE_VALUE = re.compile(r"^-\d+(:-?\d+)?(,-?\d+:-?\d+)*$|^-\d*\.\d+$")


def accept_negative_ranges(parser: argparse.ArgumentParser) -> None:
    """Let ``parser`` take values such as ``--window -1:1`` without ``=``.

    argparse treats any argument starting with ``-`` as an option unless it looks like
    a negative number; its (private, but long-stable) matcher is widened to windows.
    """
    parser._negative_number_matcher = _NEGATIVE_VALUE

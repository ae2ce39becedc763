"""``python -m analysis``: the CLI, with Ctrl-C during the (slow) imports ending quietly too."""

import sys

try:
    from analysis.cli import main
except KeyboardInterrupt:
    # The imports take a second or two; an interrupt there is a user's Ctrl-C, not a bug.
    sys.stderr.write("error: interrupted\n")
    sys.exit(130)

sys.exit(main())

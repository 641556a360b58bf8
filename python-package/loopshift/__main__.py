"""``python -m loopshift``: the same as the ``loopshift`` command."""

import sys

from loopshift._launcher import main

if __name__ == "__main__":
    sys.exit(main())

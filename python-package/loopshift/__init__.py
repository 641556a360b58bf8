"""loopshift: migrate Python code off asyncio's implicit event loop.

This package is the Python distribution of the loopshift command-line tool. The tool itself is a
Node.js driver (bundled under ``_driver``) that runs LibCST helpers in this interpreter; run it as
``loopshift`` or ``python -m loopshift``. See ``loopshift --help``.
"""

from loopshift._launcher import main

__all__ = ["main"]

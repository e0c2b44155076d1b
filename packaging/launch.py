"""Entry point of the frozen app (PyInstaller runs this file as ``__main__``).

It is the installed ``metricscape`` command with one addition: a windowed build has no
``sys.stdout``/``sys.stderr``, so give it stand-ins before anything writes to them.
"""

import sys

from metricscape.cli import main
from metricscape.logs import guard_missing_streams

if __name__ == "__main__":
    guard_missing_streams()
    sys.exit(main())

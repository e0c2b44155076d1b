import sys

from metricscape.cli import main

sys.exit(main())

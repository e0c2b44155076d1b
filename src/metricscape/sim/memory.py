"""How much memory a run may use: what the machine has free, and never more than 4 GB.

The engine keeps every metric's samples when they fit (what-ifs on kept draws need them); when they
do not, it keeps only the summarised metrics and works in blocks (see ``montecarlo``).
"""

from __future__ import annotations

import os

MAX_SAMPLE_BYTES = 4e9
SHARE_OF_FREE = 0.5        # leave the other half to the app, the OS and everything else running
BLOCK_BYTES = 64e6         # one block of draws and values in flight per thread


def free_bytes() -> float | None:
    """Physical memory available now (Linux ``MemAvailable``), or None where it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def sample_budget() -> float:
    """Bytes of samples a run may hold: half of what is free, at most ``MAX_SAMPLE_BYTES``."""
    free = free_bytes()
    return MAX_SAMPLE_BYTES if free is None else min(MAX_SAMPLE_BYTES, SHARE_OF_FREE * free)


def available_threads() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)

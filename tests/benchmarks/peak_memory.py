"""This process's peak memory (resident set), for the memory budgets.

Not `getrusage().ru_maxrss` on Linux: a child started with vfork (as subprocess does)
inherits the parent's high-water mark across exec, so a small child of a big benchmark
process reports the parent's size. /proc/self/status's VmHWM belongs to this process's
own memory map, which exec made new. Imports nothing heavy: the start-up children use it.
"""

from __future__ import annotations

import resource
import sys


def peak_rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KB elsewhere

"""coprog: the core of the co-programming workshop app (no Streamlit here).

The core is cut by subject into packages, listed in ``PACKAGES`` from the bottom up:
a module may import from its own package and from the packages listed before it,
never from one listed after it (tests/unit/test_architecture.py checks it). The
root holds the settings every package reads (``config``) and the entry points that
use them all (``cli``, ``demo``, ``firstrun``).
"""

__version__ = "0.1.0"

PACKAGES = ("texts", "storage", "hosting", "procedure", "live", "contributions", "ballots", "reading", "records")

"""How many examples a heavy property test draws.

``make test`` keeps to its time on a 2-core machine with the counts the tests give;
``PROPERTY_SCALE=<k>`` multiplies them (``benchmarks/properties.py`` runs the heaviest
proofs three times longer). A test's own variable (``MIGRATION_EXAMPLES``...) still wins.
"""

from __future__ import annotations

import os


def examples(count: int) -> int:
    return max(1, round(count * float(os.environ.get("PROPERTY_SCALE") or 1)))

# Type stubs for the native module credkit._credkit.
# One section per capability; keep each section's names as in DESIGN.md.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, final

# --- password ---------------------------------------------------------------



# --- policy -----------------------------------------------------------------



# --- otp --------------------------------------------------------------------



# --- sign -------------------------------------------------------------------



# --- credential -------------------------------------------------------------


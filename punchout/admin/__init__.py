"""The PunchOut admin, one module per area."""

from punchout.admin import carts  # noqa: F401

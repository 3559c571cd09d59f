"""The distributor and marketplace simulators, called over HTTP as partners' clients would."""

from collections.abc import Iterator

import pytest

from sandbox.distributors.state import simulators_reset
from sandbox.marketplaces.pushes import pushes_reset

CONTROL = {"X-Sandbox-Control": "1"}


@pytest.fixture(autouse=True)
def _fresh_simulators() -> Iterator[None]:
    simulators_reset()
    pushes_reset()
    yield
    simulators_reset()
    pushes_reset()

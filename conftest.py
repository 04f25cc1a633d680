"""Names every doctest may use without importing them: the bundled graph's opener and periods."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    from actorgraph.dates import Period
    from actorgraph.graph import open_graph

    doctest_namespace["open_graph"] = open_graph
    doctest_namespace["Period"] = Period

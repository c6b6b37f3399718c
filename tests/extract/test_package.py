"""`tallywatch.extract` imports its modules on first use; its names and `__all__` go together."""

from __future__ import annotations

import tallywatch.extract as package


def test_every_public_name_of_the_package_is_found_on_first_use() -> None:
    assert sorted(package._HOMES) == sorted(package.__all__)
    assert all(getattr(package, name) is not None for name in package.__all__)

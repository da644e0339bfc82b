"""The unlock tests' fixtures: three accounts, and a count of real derivations."""

from tests.team import derivations, team  # noqa: F401 (fixtures, found here by pytest)

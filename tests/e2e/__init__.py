"""End-to-end tests of the sample portal in a real browser; a package so its conftest and modules keep their own
names (tests/ itself has none, and its modules import the top-level `conftest`)."""

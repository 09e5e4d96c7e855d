"""Real-browser tests of the built site (a package, so that its conftest and helpers get their own names)."""

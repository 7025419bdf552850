"""Bantin: static news portals for local governments."""

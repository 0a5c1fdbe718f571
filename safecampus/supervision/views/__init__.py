"""Thin page views of supervision, one module per concept."""

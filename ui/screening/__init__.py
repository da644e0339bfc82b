"""Screening: the route chart."""

"""Intake: the concern form a volunteer fills in."""

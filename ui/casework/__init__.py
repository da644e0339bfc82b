"""Casework: the lead's records, young people, decisions, corrections, audit."""

"""Casework: records, young people, decisions, matching, corrections, audit."""

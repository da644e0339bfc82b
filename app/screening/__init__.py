"""Screening a concern: the checklist (data) and the rule that turns answers into a tier.

Pure and deterministic, no Qt: see domain/cse-facts.md §8 for where each rule comes from.
"""

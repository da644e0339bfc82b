"""Benchmarks: `make bench` (python -m tests.benchmarks). Not tests: they never fail a build.

Each benchmark module exposes `run() -> list[Result]`; the runner in __main__.py prints
one table with every value, its same-run baseline, the ratio and the budget.
"""

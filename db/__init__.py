"""The encrypted store: SQLCipher connection, PRAGMAs, numbered migrations, queries.

No Qt and no app/ imports here: the store is usable from tests, scripts and the
self-test alone.
"""

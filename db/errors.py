"""Typed errors raised by the store. app/ turns them into plain words for people."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every error the store raises."""


class StoreMissing(StoreError):
    """There is no records file where one was expected."""


class NotAStore(StoreError):
    """The file is not a records store, or this key does not belong to it.

    `integrity` holds what `PRAGMA cipher_integrity_check` said, when it could run.
    """

    def __init__(self, reason: str, integrity: list[str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.integrity = integrity or []


class StoreDamaged(StoreError):
    """The key is right but some pages fail their checks."""

    def __init__(self, integrity: list[str]) -> None:
        super().__init__(f"{len(integrity)} problem(s) found by the integrity check")
        self.integrity = integrity


class StoreTooNew(StoreError):
    """The file was written by a newer version of the app."""

    def __init__(self, file_version: int, known_version: int) -> None:
        super().__init__(f"store schema {file_version} is newer than {known_version}")
        self.file_version = file_version
        self.known_version = known_version


class StoreClosed(StoreError):
    """The store was closed (a lock) before, or while, this work used it."""


class StoreInUse(StoreError):
    """Another copy of the app has the store open."""


class MigrationFailed(StoreError):
    """A migration did not apply; the store was left as it was."""

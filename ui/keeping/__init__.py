"""Keeping the records safe: accounts, backups, handover, retention."""

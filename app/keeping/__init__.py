"""Keeping safe: backups and restore, handover to a new lead, retention reviews."""

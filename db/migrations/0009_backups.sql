-- Safe keeping: when the last backup was made, and to which folder. Kept inside the
-- encrypted store, not in settings.json, because a folder path can carry a login name.
CREATE TABLE safe_keeping_state (
    key         TEXT PRIMARY KEY CHECK (key IN ('last_backup_at', 'last_backup_folder')),
    value       TEXT NOT NULL
);

"""The small core: paths, settings, errors, atomic writes, logs, plain-text checks."""

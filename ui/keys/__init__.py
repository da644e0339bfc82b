"""Keys: setting up and unlocking."""

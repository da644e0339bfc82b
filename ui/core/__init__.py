"""The screens' shared parts: widgets, wipe, keyboard, palette, asking, errors."""

"""Intake: the concern itself, its checks and codec, and the sealed letterbox."""

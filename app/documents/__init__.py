"""PDF documents, built in memory with reportlab (imported lazily: it is slow to load)."""

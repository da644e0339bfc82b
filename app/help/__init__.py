"""The help library: topics from resources/help, their search index, and the small API
the rest of the app uses to open "the help for this"."""

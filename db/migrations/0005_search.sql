-- Full-text search over every concern's words, inside the encrypted store (its pages are
-- encrypted like every other table): there is no search index anywhere else.
CREATE VIRTUAL TABLE concern_search USING fts5(
    concern_id UNINDEXED,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

"""Search as you type over every help topic: an in-memory FTS5 index.

The porter stemmer lets "groom" find "grooming" and "groomed"; each search term is also
a prefix, so results appear while a word is still being typed. The index holds only the
shipped help text (no record data), lives in memory and is built on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.help.topics import HelpLibrary

_WORD = re.compile(r"\w+", re.UNICODE)
_MARK_OPEN, _MARK_CLOSE = "\x01", "\x02"
_MARKED = re.compile("\x01(.*?)\x02", re.DOTALL)
MAX_RESULTS = 20
# \x01 and \x02 mark the matched words; they never occur in help text.
_QUERY = (
    "SELECT topic_id, title, snippet(help, 2, '\x01', '\x02', '…', 14), "
    "highlight(help, 1, '\x01', '\x02'), highlight(help, 2, '\x01', '\x02') "
    "FROM help WHERE help MATCH ? ORDER BY bm25(help, 0.0, 8.0, 1.0) LIMIT ?"
)


@dataclass(frozen=True)
class SearchResult:
    topic_id: str
    title: str
    snippet: str  # plain text; the matched words are in `words`
    words: tuple[str, ...]  # the word forms that matched, as they appear in the page


class HelpIndex:
    def __init__(self, library: HelpLibrary) -> None:
        # sqlcipher3 with no key is plain SQLite in memory; it is the build we ship and
        # test, with FTS5 compiled in (the system sqlite3 may lack it).
        # deferred: sqlcipher3 is heavy; it loads only when the help is first searched
        from sqlcipher3 import dbapi2 as sqlite

        self._db = sqlite.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE help USING fts5(topic_id UNINDEXED, title, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO help (topic_id, title, body) VALUES (?, ?, ?)",
            [(t.id, t.title, t.text) for t in library.topics()],
        )

    def search(self, typed: str, limit: int = MAX_RESULTS) -> list[SearchResult]:
        terms = [w for w in _WORD.findall(typed.lower()) if w]
        if not terms:
            return []
        # Every word must appear; if that finds nothing, any of them will do.
        for joiner in (" AND ", " OR "):
            query = joiner.join(f'"{term}"*' for term in terms)
            rows = self._db.execute(_QUERY, (query, limit)).fetchall()
            if rows or len(terms) == 1:
                break
        return [self._result(*row) for row in rows]

    @staticmethod
    def _result(
        topic_id: str, title: str, snippet: str, title_marked: str, body_marked: str
    ) -> SearchResult:
        words: dict[str, None] = {}
        for marked in (title_marked, body_marked):
            for match in _MARKED.finditer(marked):
                words.setdefault(match.group(1), None)
        clean = snippet.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
        return SearchResult(topic_id, title, " ".join(clean.split()), tuple(words))

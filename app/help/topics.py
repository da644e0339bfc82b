"""The help library: chapters and topics loaded from resources/help."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from app.core.paths import resource_dir
from app.help import markdown
from app.screening import vocabulary

AUDIENCES = ("everyone", "staff-volunteers", "lead", "parents-carers", "young-people")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class HelpContentError(ValueError):
    """A help file is malformed: said with the file's name, for the people who write them."""


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    order: int


@dataclass
class Topic:
    id: str
    title: str
    chapter: str
    audience: str
    order: int
    sources: tuple[str, ...]
    body: str
    blocks: list[markdown.Block] = field(default_factory=list, repr=False)

    @cached_property
    def text(self) -> str:
        return markdown.plain_text(self.blocks)


def parse_topic(text: str, name: str) -> Topic:
    if not text.startswith("---\n"):
        raise HelpContentError(f"{name}: no front matter at the top")
    try:
        head, body = text[4:].split("\n---\n", 1)
    except ValueError:
        raise HelpContentError(f"{name}: the front matter is not closed by ---") from None
    meta: dict[str, str] = {}
    sources: list[str] = []
    current = ""
    for raw in head.split("\n"):
        if not raw.strip():
            continue
        if raw.startswith((" ", "\t")) and raw.strip().startswith("- ") and current == "sources":
            sources.append(raw.strip()[2:].strip())
            continue
        key, sep, value = raw.partition(":")
        if not sep:
            raise HelpContentError(f"{name}: cannot read front matter line {raw!r}")
        current = key.strip()
        meta[current] = value.strip()
    for needed in ("id", "title", "chapter", "audience", "order"):
        if not meta.get(needed):
            raise HelpContentError(f"{name}: front matter has no {needed}")
    if not _ID.match(meta["id"]):
        raise HelpContentError(f"{name}: the id {meta['id']!r} is not lower-case-with-hyphens")
    if meta["audience"] not in AUDIENCES:
        raise HelpContentError(f"{name}: unknown audience {meta['audience']!r}")
    try:
        order = int(meta["order"])
    except ValueError:
        raise HelpContentError(f"{name}: order must be a whole number") from None
    try:
        # Tier words and timescales come from the vocabulary ({{tier.2.label}}), so the
        # screen, the search index and the printed page all show the expanded words.
        body = vocabulary.fill(body)
        blocks = markdown.parse(body)
    except (markdown.MarkdownError, vocabulary.PlaceholderError) as exc:
        raise HelpContentError(f"{name}: {exc}") from None
    return Topic(
        meta["id"],
        meta["title"],
        meta["chapter"],
        meta["audience"],
        order,
        tuple(sources),
        body,
        blocks,
    )


class HelpLibrary:
    def __init__(self, chapters: list[Chapter], topics: list[Topic]) -> None:
        self.chapters = sorted(chapters, key=lambda c: c.order)
        self._topics = {t.id: t for t in topics}
        known = {c.id for c in chapters}
        for topic in topics:
            if topic.chapter not in known:
                raise HelpContentError(f"{topic.id}.md: unknown chapter {topic.chapter!r}")

    @classmethod
    def load(cls, folder: Path | None = None) -> HelpLibrary:
        folder = folder or resource_dir() / "help"
        chapters = [Chapter(**c) for c in json.loads((folder / "chapters.json").read_text("utf-8"))]
        topics = []
        for path in sorted(folder.glob("*.md")):
            if path.name == "README.md":
                continue
            topic = parse_topic(path.read_text("utf-8"), path.name)
            if topic.id != path.stem:
                raise HelpContentError(f"{path.name}: the id {topic.id!r} differs from the name")
            topics.append(topic)
        return cls(chapters, topics)

    def has(self, topic_id: str) -> bool:
        return topic_id in self._topics

    def topic(self, topic_id: str) -> Topic:
        return self._topics[topic_id]

    def topics(self) -> list[Topic]:
        return list(self._topics.values())

    def topics_in(self, chapter_id: str) -> list[Topic]:
        return sorted(
            (t for t in self._topics.values() if t.chapter == chapter_id),
            key=lambda t: (t.order, t.title),
        )

    def chapter(self, chapter_id: str) -> Chapter:
        return next(c for c in self.chapters if c.id == chapter_id)


_library: HelpLibrary | None = None


def library() -> HelpLibrary:
    """The shipped library, loaded once, on first use (not at start-up)."""
    global _library
    if _library is None:
        _library = HelpLibrary.load()
    return _library

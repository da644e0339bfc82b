"""The small part of Markdown the help topics use (resources/help/README.md), parsed once
into blocks that the screen (HTML) and the printer (reportlab) both render."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]]+)\]\(topic:([a-z0-9-]+)\)")
_NUMBERED = re.compile(r"^\d+[.)]\s+")
_SPECIAL = re.compile(r"^\[\[(chart:[a-z0-9-]+|contacts)\]\]$")


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ListBlock:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str = ""


@dataclass(frozen=True)
class Notice:
    text: str


@dataclass(frozen=True)
class Special:
    name: str  # "chart:route" or "contacts"


@dataclass(frozen=True)
class Reveal:
    question: str
    answer: tuple[Block, ...] = field(default_factory=tuple)


Block = Heading | Paragraph | ListBlock | Quote | Notice | Special | Reveal


class MarkdownError(ValueError):
    """A topic uses something outside the supported subset."""


def parse(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").split("\n")
    blocks, _end = _parse_lines(lines, 0, inside_reveal=False)
    return blocks


def _parse_lines(lines: list[str], index: int, *, inside_reveal: bool) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(" ".join(s.strip() for s in paragraph)))
            paragraph.clear()

    while index < len(lines):
        line = lines[index].rstrip()
        stripped = line.strip()
        if stripped == "???":
            flush()
            if inside_reveal:
                return blocks, index + 1
            raise MarkdownError(f"line {index + 1}: '???' closes nothing")
        if not stripped:
            flush()
            index += 1
            continue
        if stripped.startswith("??? "):
            flush()
            if inside_reveal:
                raise MarkdownError(f"line {index + 1}: a question inside a question")
            answer, index = _parse_lines(lines, index + 1, inside_reveal=True)
            blocks.append(Reveal(stripped[4:].strip(), tuple(answer)))
            continue
        if stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            if level not in (2, 3):
                raise MarkdownError(f"line {index + 1}: use ## or ### headings only")
            blocks.append(Heading(level, stripped[level:].strip()))
        elif stripped.startswith("!!! "):
            flush()
            blocks.append(Notice(stripped[4:].strip()))
        elif _SPECIAL.match(stripped):
            flush()
            blocks.append(Special(_SPECIAL.match(stripped).group(1)))  # type: ignore[union-attr]
        elif stripped.startswith(">"):
            flush()
            quote: list[str] = []
            attribution = ""
            while index < len(lines) and lines[index].strip().startswith(">"):
                part = lines[index].strip()[1:].strip()
                if part.startswith(("—", "--")):
                    attribution = part.lstrip("—-").strip()
                elif part:
                    quote.append(part)
                index += 1
            blocks.append(Quote(" ".join(quote), attribution))
            continue
        elif stripped.startswith("- ") or _NUMBERED.match(stripped):
            flush()
            numbered = not stripped.startswith("- ")
            items: list[str] = []
            while index < len(lines):
                item = lines[index].strip()
                if numbered and _NUMBERED.match(item):
                    items.append(_NUMBERED.sub("", item, count=1))
                elif not numbered and item.startswith("- "):
                    items.append(item[2:].strip())
                elif item and items and lines[index].startswith((" ", "\t")):
                    items[-1] += " " + item  # a wrapped item line
                else:
                    break
                index += 1
            blocks.append(ListBlock(tuple(items), numbered))
            continue
        elif stripped.startswith("<"):
            raise MarkdownError(f"line {index + 1}: HTML is not allowed")
        else:
            paragraph.append(stripped)
        index += 1
    flush()
    if inside_reveal:
        raise MarkdownError("a '??? question' is not closed by '???'")
    return blocks, index


# -- inline text -------------------------------------------------------------------------
def inline_html(text: str, link_prefix: str = "topic:") -> str:
    """Escape, then **bold**, *italic* and [text](topic:id) as HTML (also reportlab's)."""
    out = html.escape(text, quote=False)
    out = _LINK.sub(lambda m: f'<a href="{link_prefix}{m.group(2)}">{m.group(1)}</a>', out)
    out = _BOLD.sub(r"<b>\1</b>", out)
    return _ITALIC.sub(r"<i>\1</i>", out)


def plain(text: str) -> str:
    """The words a reader sees, without the markup."""
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


def links(blocks: list[Block] | tuple[Block, ...]) -> list[str]:
    """Every topic id the blocks link to, in order."""
    found: list[str] = []
    for text in _texts(blocks):
        found.extend(m.group(2) for m in _LINK.finditer(text))
    return found


def plain_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """All the words of the blocks, for searching and readability checks."""
    return "\n\n".join(plain(t) for t in _texts(blocks))


def _texts(blocks: list[Block] | tuple[Block, ...]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph, Notice)):
            texts.append(block.text)
        elif isinstance(block, ListBlock):
            texts.extend(block.items)
        elif isinstance(block, Quote):
            texts.extend([block.text, block.attribution])
        elif isinstance(block, Reveal):
            texts.append(block.question)
            texts.extend(_texts(block.answer))
    return texts

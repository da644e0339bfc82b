"""Help topics as HTML for the on-screen browser (Qt's rich-text subset)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from app.help import markdown
from app.help.markdown import Block
from app.help.topics import HelpLibrary, Topic

CHART_URL = "chart:route"
_PHONE = re.compile(r"\+?[0-9][0-9 ]*")


def topic_html(
    topic: Topic,
    *,
    revealed: Iterable[int] = (),
    contact_rows: list[tuple[str, str, str]] | None = None,
    chart_width: int = 640,
) -> str:
    """The page for one topic. `revealed` lists the case-study answers on show."""
    state = _State(set(revealed), contact_rows or [], chart_width)
    parts = [f"<h1>{html.escape(topic.title)}</h1>", *_blocks(topic.blocks, state)]
    if topic.sources:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in topic.sources)
        parts.append(
            "<hr><p style='color:#333'><b>Written for this toolkit from:</b></p>"
            f"<ul style='color:#333'>{items}</ul>"
        )
    return "\n".join(parts)


def home_html(library: HelpLibrary) -> str:
    parts = [
        "<h1>Help</h1>",
        "<p>Read about child sexual exploitation, the signs, and what to do. "
        "Type in the search box to find a word, or choose a topic.</p>",
        "<p>With the keyboard, Tab goes from link to link. Ctrl+Tab goes past them all.</p>",
        _notice("If a child is in danger right now, call 999."),
    ]
    for chapter in library.chapters:
        topics = library.topics_in(chapter.id)
        if not topics:
            continue
        parts.append(f"<h2>{html.escape(chapter.title)}</h2><ul>")
        parts.extend(f'<li><a href="topic:{t.id}">{html.escape(t.title)}</a></li>' for t in topics)
        parts.append("</ul>")
    return "\n".join(parts)


class _State:
    def __init__(
        self, revealed: set[int], contacts: list[tuple[str, str, str]], chart_width: int
    ) -> None:
        self.revealed = revealed
        self.contacts = contacts
        self.chart_width = chart_width
        self.questions = 0


def _notice(text: str) -> str:
    return (
        "<table width='100%' cellpadding='8' style='border: 2px solid #000; "
        f"background: #fff4ce;'><tr><td><b>{text}</b></td></tr></table>"
    )


def _blocks(blocks: Iterable[Block], state: _State) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, markdown.Heading):
            out.append(f"<h{block.level}>{markdown.inline_html(block.text)}</h{block.level}>")
        elif isinstance(block, markdown.Paragraph):
            out.append(f"<p>{markdown.inline_html(block.text)}</p>")
        elif isinstance(block, markdown.ListBlock):
            tag = "ol" if block.numbered else "ul"
            items = "".join(f"<li>{markdown.inline_html(i)}</li>" for i in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
        elif isinstance(block, markdown.Quote):
            quote = f"<blockquote><i>“{markdown.inline_html(block.text)}”</i>"
            if block.attribution:
                quote += f"<br>— {markdown.inline_html(block.attribution)}"
            out.append(quote + "</blockquote>")
        elif isinstance(block, markdown.Notice):
            out.append(_notice(markdown.inline_html(block.text)))
        elif isinstance(block, markdown.Special):
            out.append(_special(block.name, state))
        elif isinstance(block, markdown.Reveal):
            state.questions += 1
            number = state.questions
            out.append(f"<h3>Question {number}: {markdown.inline_html(block.question)}</h3>")
            if number in state.revealed:
                out.append("<div style='margin-left: 16px'>")
                out.extend(_blocks(block.answer, state))
                out.append(f'</div><p><a href="reveal:{number}">Hide the answer</a></p>')
            else:
                out.append(
                    f'<p><a href="reveal:{number}">Show the answer to question {number}</a></p>'
                )
    return out


def _unbroken(number: str) -> str:
    """A phone number kept on one line (a website or words may still wrap)."""
    escaped = html.escape(number)
    return escaped.replace(" ", "&nbsp;") if _PHONE.fullmatch(number) else escaped


def _special(name: str, state: _State) -> str:
    if name == "contacts":
        # A list, not a three-column table: at 150% text on a small screen a table's
        # Number column is a few words wide and a police website broke over three lines.
        items = "".join(
            f"<li style='margin-bottom: 8px'>{html.escape(who)}<br><b>{_unbroken(number)}</b>"
            + (f"<br>{html.escape(note)}" if note else "")
            + "</li>"
            for who, number, note in state.contacts
        )
        return f"<ul>{items}</ul>"
    if name == "chart:route":
        return (
            f'<p><img src="{CHART_URL}" width="{state.chart_width}" '
            'alt="The referral route chart: the same steps are listed in words below."></p>'
            '<p><a href="action:print-route-chart">Print the route chart on one page</a></p>'
        )
    return f"<p>[{html.escape(name)}]</p>"

"""The help engine on a small library made here: parsing, rendering, search."""

import json

import pytest

from app.help import markdown
from app.help.page_html import home_html, topic_html
from app.help.search import HelpIndex
from app.help.topics import HelpContentError, HelpLibrary, parse_topic

GROOMING = """---
id: grooming
title: How grooming works
chapter: about
audience: everyone
order: 10
sources:
  - A source, chapter 1
---
## The stages

Abusers **groom** a young person by gaining their trust.
Grooming often starts with gifts. See [the signs](topic:signs).

- Targeting
- Gaining *trust*

!!! If a child is in danger right now, call 999.
"""

SIGNS = """---
id: signs
title: Signs to look for
chapter: about
audience: everyone
order: 20
sources:
  - Another source
---
> Child sexual exploitation is a form of child sexual abuse.
> — Department for Education (2017)

1. New phone or clothes
2. Going missing

??? What should you do?
Tell your designated lead. Read [grooming](topic:grooming).
???

[[contacts]]
"""


@pytest.fixture
def library(tmp_path):
    (tmp_path / "chapters.json").write_text(
        json.dumps([{"id": "about", "title": "About", "order": 1}])
    )
    (tmp_path / "grooming.md").write_text(GROOMING)
    (tmp_path / "signs.md").write_text(SIGNS)
    return HelpLibrary.load(tmp_path)


def test_blocks_are_parsed(library):
    blocks = library.topic("grooming").blocks
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Heading", "Paragraph", "ListBlock", "Notice"]
    assert blocks[1].text.startswith("Abusers **groom**")
    assert "Grooming often starts" in blocks[1].text  # wrapped lines joined
    assert markdown.links(blocks) == ["signs"]
    signs = library.topic("signs").blocks
    assert isinstance(signs[0], markdown.Quote) and signs[0].attribution.startswith("Department")
    assert signs[1].numbered and signs[1].items == ("New phone or clothes", "Going missing")
    assert isinstance(signs[2], markdown.Reveal) and markdown.links(signs) == ["grooming"]
    assert isinstance(signs[3], markdown.Special) and signs[3].name == "contacts"
    assert library.topic("signs").sources == ("Another source",)


def test_html_escapes_and_links_and_reveals(library):
    page = topic_html(library.topic("signs"), contact_rows=[("Police", "101", "<any>")])
    assert '<a href="reveal:1">' in page and "Tell your designated lead" not in page
    assert "&lt;any&gt;" in page
    shown = topic_html(library.topic("signs"), revealed=[1])
    assert "Tell your designated lead" in shown and '<a href="topic:grooming">' in shown
    assert "Written for this toolkit from" in shown
    assert '<a href="topic:grooming">How grooming works</a>' in home_html(library)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("groom", "grooming"),
        ("grooming", "grooming"),
        ("GROOMED", "grooming"),
        ("gift", "grooming"),
        ("missing", "signs"),
        ("designated lead", "signs"),
    ],
)
def test_search_finds_word_forms(library, typed, expected):
    results = HelpIndex(library).search(typed)
    assert results and results[0].topic_id == expected


def test_search_reports_the_words_to_highlight(library):
    result = HelpIndex(library).search("groom")[0]
    assert set(result.words) == {"grooming", "groom", "Grooming"}
    assert "\x01" not in result.snippet


def test_search_survives_odd_input(library):
    index = HelpIndex(library)
    for typed in ("", "   ", '"', "AND OR NOT", "*", "gro*om", "(", "ł", "-"):
        index.search(typed)  # never raises
    assert index.search("zzzz-nothing") == []


@pytest.mark.parametrize(
    "broken, says",
    [
        ("no front matter", "no front matter"),
        ("---\nid: x\n", "not closed"),
        ("---\nid: x\ntitle: X\nchapter: about\naudience: everyone\norder: one\n---\n", "order"),
        ("---\nid: x\ntitle: X\nchapter: about\naudience: aliens\norder: 1\n---\n", "audience"),
        ("---\nid: x\ntitle: X\nchapter: about\naudience: everyone\norder: 1\n---\n# H1\n", "##"),
        (
            "---\nid: x\ntitle: X\nchapter: about\naudience: everyone\norder: 1\n---\n??? Q\nA\n",
            "not closed",
        ),
        (
            "---\nid: x\ntitle: X\nchapter: about\naudience: everyone\norder: 1\n---\n<b>x</b>\n",
            "HTML",
        ),
    ],
)
def test_malformed_topics_say_what_is_wrong(broken, says):
    with pytest.raises(HelpContentError) as caught:
        parse_topic(broken, "x.md")
    assert says in str(caught.value) and "x.md" in str(caught.value)

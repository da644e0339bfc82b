"""Guessable passphrases are refused with a reason in our own words (issue 14, item 4)."""

import time

import pytest

from app.keys import passphrase_policy as policy
from app.keys.passphrase_policy import refusal, strength, words_to_avoid

AVOID = words_to_avoid("Riverside Youth Club", "Northamptonshire", "Sam Okafor")

# The issue's examples, each with the finding it must be refused for.
GUESSABLE = [
    ("123456789012", policy.RUN),
    ("qwertyuiop12", policy.KEYBOARD),
    ("letmein12345", policy.COMMON),
    ("Riverside2025", policy.NAMES),
]

# Every passphrase the tests and benchmarks set: they must keep working.
GOOD = [
    "kettle orange bicycle lantern",
    "lantern kettle orange bicycle",
    "purple walrus anthem kite",
    "silver harbour engine bell",
    "quiet lantern ferry morning",
    "violet harbour teapot meadow",
    "correct horse battery staple",
]

# zxcvbn's own English feedback: never shown as it is.
ZXCVBN_WORDS = (
    "top-10",
    "top-100",
    "very common password",
    "Straight rows of keys",
    "Sequences like abc",
    "Repeats like",
    "Add another word or two",
    "Avoid",
    "Dates are often easy",
    "uncommon words are better",
)


@pytest.mark.parametrize(("passphrase", "finding"), GUESSABLE)
def test_the_issues_examples_are_refused_with_our_reason(passphrase, finding):
    reason = refusal(passphrase, passphrase, AVOID)
    assert reason is not None
    assert reason.startswith("That passphrase would be easy to guess: " + finding + ".")
    assert reason.endswith(policy.SUGGESTION)
    assert "four or more ordinary words you can picture" in reason
    assert passphrase not in reason and passphrase.lower() not in reason.lower()
    assert not any(words in reason for words in ZXCVBN_WORDS)
    assert not strength(passphrase, AVOID).acceptable


def test_the_organisations_name_counts_only_when_told():
    # Told nothing, the checker cannot know "Riverside" is the organisation's own name.
    assert policy.NAMES not in (refusal("Riverside2025", "Riverside2025") or "")
    assert policy.NAMES in (refusal("Riverside2025", "Riverside2025", AVOID) or "")


def test_a_passphrase_made_mostly_of_the_forms_names_is_refused():
    reason = refusal("Sam Okafor Riverside", "Sam Okafor Riverside", AVOID)
    assert reason is not None and policy.NAMES in reason


@pytest.mark.parametrize("passphrase", GOOD)
def test_good_passphrases_are_still_accepted(passphrase):
    assert refusal(passphrase, passphrase, AVOID) is None
    assert strength(passphrase, AVOID).acceptable


def test_a_name_inside_a_long_passphrase_is_fine():
    good = "Okafor kettle orange bicycle"
    assert refusal(good, good, AVOID) is None


def test_other_findings_have_their_own_words():
    assert policy.DATE in refusal("01/02/2003abcd", "01/02/2003abcd", AVOID)
    assert policy.COMMON in refusal("Password1234", "Password1234", AVOID)


def test_names_and_their_parts_are_avoided():
    assert words_to_avoid("Riverside Youth Club", "leicester-city", "Sam  Okafor") == (
        "riverside youth club",
        "riversideyouthclub",
        "riverside",
        "youth",
        "club",
        "leicester-city",
        "leicestercity",
        "leicester",
        "city",
        "sam okafor",
        "samokafor",
        "sam",
        "okafor",
    )


def test_a_long_passphrase_is_judged_on_its_first_100_characters_quickly():
    # zxcvbn's time grows with length; the longest a box takes is 1024 characters.
    for long in ("a1!" * 342, "kettle orange bicycle lantern " * 35, "x" * 1024):
        start = time.perf_counter()
        refusal(long, long, AVOID)
        strength(long, AVOID)
        assert time.perf_counter() - start < 2.0  # about 0.1 s each here

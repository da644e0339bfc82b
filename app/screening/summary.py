"""Words for people about a concern: the checklist as sections, the result with the
area's numbers, the whole record on one page, and what to do now. HTML for Qt's
rich-text viewers and for a plain printout; no Qt here.

In the screening room, not beside the concern's model: it words the checklist and the
screening result, so it sits on both, and the concern (intake) stays below screening."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from app.core.settings import AppSettings
from app.intake.concern.model import HOW_KNOWN, WHEN_LAST_SEEN, Concern, IndicatorAnswer
from app.screening import vocabulary

SECTION_TITLES = {
    "V": "Things that can make a young person more vulnerable",
    "1": "Early warning signs",
    "2": "Signs of significant concern",
    "3": "Signs of serious concern",
}
HOW_WORDS = dict(
    zip(
        HOW_KNOWN,
        ("I saw or heard it myself", "The young person told me", "Someone else told me"),
        strict=True,
    )
)
WHEN_WORDS = dict(
    zip(
        WHEN_LAST_SEEN,
        ("in the last 6 months", "6 to 12 months ago", "more than 12 months ago", "not sure when"),
        strict=True,
    )
)
# The two date questions for a ticked item (cse-facts.md §8.3 rule 2): each says plainly
# which date it asks for, and the choices read as answers to the first.
WHEN_QUESTION = "When did this happen, or when did you last see it?"
FOUND_OUT_QUESTION = "When did you find out?"
WHEN_CHOICES = dict(
    zip(
        WHEN_LAST_SEEN,
        ("In the last 6 months", "6 to 12 months ago", "More than 12 months ago", "Not sure"),
        strict=True,
    )
)
# How a source's rating reads after its name ("— rated medium"). A rating on a scale is
# "rated"; a few kinds have their own words; anything else (a SAFEGUARD heading, one of
# Barnardo's models) is quoted as the heading it is listed under.
RATING_SCALE = frozenset({"low", "medium", "high", "moderate", "significant"})
RATING_WORDS = {
    "vulnerability": "listed as a vulnerability",
    "sign": "listed as a sign",
    "offence": "an offence in law",
    "definition": "part of the definition",
    "report to ceop": "a reason to report to CEOP",
    "imminent harm": "listed as harm about to happen",
    "risk indicator": "listed as a risk indicator",
    "never low": "never rated low",
    "serious": "always treated as serious",
}
NEEDS_WORDS = {
    "learning-disability": "learning disability",
    "autism": "autism",
    "other": "other needs",
}


def act_now_questions(checklist: Any) -> list[tuple[str, str]]:
    return [(i.id, i.text) for i in checklist.indicators if i.tier == "X"]


def checklist_sections(
    checklist: Any,
) -> list[tuple[str, list[tuple[str, str, str, str, tuple[str, ...]]]]]:
    """The form's checklist: (section title, [(id, text, hint, help topic, sources)])."""
    sections = []
    for tier, title in SECTION_TITLES.items():
        items = [
            (i.id, i.text, i.hint or "", i.help_topic, source_words(i, checklist))
            for i in checklist.indicators
            if i.tier == tier
        ]
        sections.append((title, items))
    return sections


def source_words(item: Any, checklist: Any) -> tuple[str, ...]:
    """Where a checklist item comes from, in words: "SERA-matrix:medium" becomes "SERA
    risk-factors matrix used in Croydon (2016), … — rated medium". A source's name may end
    with its rating scale in brackets ("(low, medium, high)"): that is left off when the
    item's rating is on it, since the rating says it."""
    names = getattr(checklist, "source_names", {}) or {}
    found = []
    for ref in getattr(item, "source_refs", ()):
        source_id, _sep, rating = ref.partition(":")
        name = names.get(source_id, source_id).strip()
        scale = re.search(r"\s*\(([^()]*)\)$", name)
        if scale and rating and rating in scale.group(1):
            name = name[: scale.start()]
        found.append(f"{name} — {rating_words(rating)}" if rating else name)
    return tuple(found)


def rating_words(rating: str) -> str:
    if rating in RATING_SCALE:
        return f"rated {rating}"
    return RATING_WORDS.get(rating, f"listed under “{rating}”")


def inline(words: str) -> str:
    """A sentence-start phrase used mid-sentence: "The young person told me" becomes "the
    young person told me", but "I saw or heard it myself" keeps its capital I."""
    if not words or words.startswith("I ") or words[:2].isupper():
        return words
    return words[0].lower() + words[1:]


def capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


def answer_dates(answer: IndicatorAnswer) -> str:
    """The two dates of a ticked item, each said as what it is."""
    when = WHEN_WORDS.get(answer.when_last_seen, "")
    if answer.when_last_seen == "not-known":
        when_part = "not sure when it happened or was last seen"
    else:
        when_part = f"happened or last seen {when}" if when else ""
    parts = [when_part]
    if answer.found_out_on is not None:
        parts.append(f"found out {answer.found_out_on:%d/%m/%Y}")
    return "; ".join(p for p in parts if p)


def answer_line(answer: IndicatorAnswer) -> str:
    """How a ticked item's answers read after its text, in plain words (no item codes)."""
    how = inline(HOW_WORDS.get(answer.how_known, ""))
    return "; ".join(p for p in (answer_dates(answer), how) if p)


def _number(text: str) -> str:
    return f"<b>{escape(text).replace(' ', '&nbsp;')}</b>"


def numbers_html(settings: AppSettings, about_adult: str = "no") -> str:
    """The numbers to phone. When the worry is about the designated lead, the deputy's
    and the designated trustee's phones stand where the lead's would be (§8.3 rule 8)."""
    rows = [("Emergency", "999")]
    if settings.get("police_non_emergency"):
        rows.append(("Police, not an emergency", settings.get("police_non_emergency")))
    if settings.get("duty_team_phone"):
        rows.append((settings.get("duty_team_label"), settings.get("duty_team_phone")))
    if settings.get("out_of_hours_phone"):
        rows.append(("Children's social care out of hours", settings.get("out_of_hours_phone")))
    if about_adult != "no" and settings.get("lado_phone"):
        rows.append((settings.get("lado_label") or "LADO", settings.get("lado_phone")))
    if about_adult == "lead":
        rows += _instead_of_lead(settings)
    elif settings.get("lead_phone"):
        rows.append(("Your designated lead", settings.get("lead_phone")))
    return "<br>".join(f"{escape(who)}: {_number(number)}" for who, number in rows)


def _instead_of_lead(settings: AppSettings) -> list[tuple[str, str]]:
    return [
        (who, settings.get(key))
        for who, key in (("Deputy lead", "deputy_phone"), ("Designated trustee", "trustee_phone"))
        if settings.get(key)
    ]


def lado_html(settings: AppSettings, about_adult: str) -> str:
    """Who to phone about a worry about an adult here: the LADO's number from Settings
    and, when it is about the designated lead, the deputy's and trustee's phones. When a
    number is missing, what to do instead, never a blank."""
    label = settings.get("lado_label") or "LADO (Local Authority Designated Officer)"
    phone = settings.get("lado_phone")
    if phone:
        lado = f"<p>{escape(label)}: {_number(phone)}"
        if settings.get("lado_note"):
            lado += f"<br>{escape(settings.get('lado_note'))}"
        lado += "</p>"
    else:
        duty = settings.get("duty_team_phone")
        lado = "<p>The LADO's number has not been set in this toolkit. " + (
            f"Phone {escape(settings.get('duty_team_label'))} on {_number(duty)} "
            "and ask for the LADO.</p>"
            if duty
            else "Phone your council's children's social care and ask for the LADO.</p>"
        )
    if about_adult != "lead":
        return lado
    others = _instead_of_lead(settings)
    if others:
        lado += (
            "<p>"
            + "<br>".join(f"{escape(who)}: {_number(number)}" for who, number in others)
            + "</p>"
        )
    else:
        lado += (
            "<p>No phone number for the deputy lead or the designated trustee has "
            "been set in this toolkit. Phone the LADO: they will tell you what to do "
            "next.</p>"
        )
    return lado


def result_html(result: Any, settings: AppSettings) -> str:
    about = getattr(result, "about_adult", "no")
    parts = [f"<h2>{escape(result.label)}</h2>"]
    if getattr(result, "meaning", ""):
        parts.append(f"<p>{escape(result.meaning)}</p>")
    if getattr(result, "lado", False):
        who = "the designated lead" if about == "lead" else "someone who works or volunteers here"
        parts.append(f"<h3>Your worry is about {who}</h3>")
        parts.append(
            "<p>The LADO (the council's Local Authority Designated Officer) deals with "
            "worries about adults who work with children. "
            + (
                "Phone them, or the deputy lead or the designated trustee:</p>"
                if about == "lead"
                else "Your designated lead contacts them. If you cannot reach your lead, phone "
                "the LADO yourself:</p>"
            )
        )
        parts.append(lado_html(settings, about))
    if result.reasons:
        parts.append("<h3>Why</h3><ul>")
        parts += [f"<li>{escape(r)}</li>" for r in result.reasons]
        parts.append("</ul>")
    if result.volunteer_actions:
        parts.append("<h3>What you do now</h3><ul>")
        parts += [f"<li>{escape(a)}</li>" for a in result.volunteer_actions]
        parts.append("</ul>")
    if result.lead_actions:
        # About the lead, the lead does nothing on it: the deputy or trustee acts.
        whose = (
            "the deputy lead or the designated trustee"
            if about == "lead"
            else "your designated lead"
        )
        parts.append(f"<h3>What {whose} will do</h3><ul>")
        parts += [f"<li>{escape(a)}</li>" for a in result.lead_actions]
        parts.append("</ul>")
    parts.append(f"<h3>Numbers</h3><p>{numbers_html(settings, about)}</p>")
    parts.append("<hr>")
    notes = result.notes
    if about == "lead":
        notes = tuple(
            n.replace("your designated lead", "the deputy lead or the designated trustee")
            for n in notes
        )
    parts += [f"<p><b>{escape(note)}</b></p>" for note in notes]
    return "\n".join(parts)


def _row(label: str, value: str) -> str:
    if not value:
        return ""
    shown = escape(value).replace("\n", "<br>")
    return f"<tr><td valign='top' width='30%'><b>{escape(label)}</b></td><td>{shown}</td></tr>"


def _table(rows: list[str]) -> str:
    body = "".join(r for r in rows if r)
    return f"<table cellpadding='4' width='100%'>{body}</table>" if body else "<p>—</p>"


def record_html(
    concern: Concern, checklist: Any, result: Any = None, *, for_print: bool = False
) -> str:
    """The whole record on one page: what the lead will read."""
    person = concern.young_person
    texts = {i.id: i.text for i in checklist.indicators}
    parts = []
    if for_print:
        parts.append(
            f"<h1>Concern {escape(concern.id)}</h1>"
            "<p><b>OFFICIAL-SENSITIVE.</b> Keep this paper safe: give it to your "
            "designated lead, then do not keep a copy.</p>"
        )
    else:
        parts.append(f"<p>Reference <b>{escape(concern.id)}</b></p>")
    if concern.danger:
        parts.append("<h2>Danger now</h2><ul>")
        parts += [f"<li>{escape(texts.get(d, d))}</li>" for d in concern.danger]
        parts.append("</ul>")
        parts.append(
            _table(
                [
                    _row("Called 999", "Yes" if concern.called_999 else "No"),
                    _row("Police reference", concern.police_reference),
                ]
            )
        )
    if concern.about_adult != "no":
        parts.append("<h2>A worry about an adult here</h2>")
        parts.append(
            _table(
                [
                    _row(
                        vocabulary.ABOUT_ADULT_QUESTION,
                        vocabulary.ABOUT_ADULT_WORDS.get(concern.about_adult, concern.about_adult),
                    )
                ]
            )
        )
    born = person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else ""
    age = str(person.approximate_age) if person.approximate_age is not None else ""
    parts.append("<h2>The young person</h2>")
    parts.append(
        _table(
            [
                _row("Name", person.name),
                _row("Other names", person.known_as),
                _row("Date of birth", born),
                _row("Age, roughly", "" if born else age),
                _row("Gender", person.gender),
                _row("Address", person.address),
                _row("School or college", person.school),
                _row("Parents or carers", person.carers),
                _row("First language", person.first_language),
                _row("Additional needs", ", ".join(NEEDS_WORDS.get(n, n) for n in person.needs)),
                _row("Needs: details", person.needs_details),
                _row(
                    "Contacting home could be unsafe",
                    ("Yes. " + person.home_contact_unsafe_reason).strip()
                    if person.home_contact_unsafe
                    else "",
                ),
            ]
        )
    )
    when = concern.happened_on.strftime("%d/%m/%Y") if concern.happened_on else ""
    parts.append("<h2>What happened</h2>")
    parts.append(
        _table(
            [
                _row("When", f"{when} {concern.happened_time}".strip()),
                _row("Where", concern.happened_where),
                _row("How it is known", HOW_WORDS.get(concern.how_known, concern.how_known)),
                _row("Told by", concern.told_by),
            ]
        )
    )
    if concern.own_words:
        shown = escape(concern.own_words).replace("\n", "<br>")
        parts.append(
            "<h3>The young person's own words</h3>"
            f"<blockquote style='border-left: 3px solid #000'>{shown}</blockquote>"
        )
    parts.append(
        _table(
            [
                _row("What was seen or heard", concern.observations),
                _row("What was done", concern.actions_taken),
                _row("Phoned 101", "Yes" if concern.phoned_101 else ""),
                _row("Police reference", "" if concern.danger else concern.police_reference),
            ]
        )
    )
    involved = []
    involved += [
        _row(
            "Person",
            ", ".join(x for x in (p.name, p.nickname, p.description, p.approximate_age) if x),
        )
        for p in concern.people
    ]
    involved += [
        _row("Vehicle", ", ".join(x for x in (v.registration, v.make, v.colour, v.details) if x))
        for v in concern.vehicles
    ]
    involved += [_row("Place", p.description) for p in concern.places]
    involved += [
        _row(
            "Phone" if c.kind == "phone" else "Online name",
            f"{c.value} ({c.platform})" if c.platform else c.value,
        )
        for c in concern.contacts
    ]
    if involved:
        parts.append("<h2>Who else was involved</h2>" + _table(involved))
    parts.append("<h2>Screening checklist</h2>")
    if concern.indicators:
        parts.append("<ul>")
        for answer in concern.indicators:
            detail = f" {escape(answer.details)}" if answer.details else ""
            parts.append(
                f"<li>{escape(texts.get(answer.indicator_id, answer.indicator_id))} "
                f"<i>({escape(answer_line(answer))}).</i>{detail}</li>"
            )
        parts.append("</ul>")
    else:
        parts.append("<p>Nothing was ticked.</p>")
    if result is not None:
        parts.append(f"<p><b>Result: {escape(result.label)}</b></p>")
    if concern.recorder_name or concern.recorder_role or concern.recorder_contact:
        parts.append(
            "<h2>Recorded by</h2>"
            + _table(
                [
                    _row("Name", concern.recorder_name),
                    _row("Role", concern.recorder_role),
                    _row("Contact", concern.recorder_contact),
                ]
            )
        )
    return "\n".join(parts)


def done_html(concern: Concern, settings: AppSettings, unlocked: bool) -> str:
    where = (
        "It has been saved in the records."
        if unlocked
        else "It has been sealed so that only a designated lead can read it. You cannot "
        "open it again, and nor can anyone else at this computer."
    )
    about = concern.about_adult
    if about == "lead":
        # Sent anyway, by the volunteer's own choice: the lead is still not the one to tell.
        tell = (
            f"<p><b>Tell the deputy lead or the designated trustee "
            f"{tell_when(concern.computed_tier)}</b>, not the designated lead, and give "
            "them the "
            f"reference. The LADO must be told {vocabulary.LADO_WHEN}.</p>"
            + lado_html(settings, "lead")
        )
        give = "the LADO or the designated trustee"
    else:
        lead = settings.get("lead_phone")
        tell = (
            f"<p><b>Tell your designated lead now</b> that you have recorded a concern: "
            f"phone {_number(lead)}. Give them the reference.</p>"
            if lead
            else "<p><b>Tell your designated lead now</b> that you have recorded a concern, "
            "and give them the reference.</p>"
        )
        if about == "staff":
            tell += "<p>Do not tell the person the worry is about, and do not question them.</p>"
        give = "your lead"
    return (
        f"<p>Your reference is <b style='font-size: 16pt'>{escape(concern.id)}</b>.</p>"
        f"<p>{where}</p>{tell}"
        "<p>If a child is in danger, call <b>999</b>.</p>"
        f"<p>Before you finish, you can print this record to give to {give}. When you "
        "press Finish, the form is cleared.</p>"
    )


def tell_when(tier: str) -> str:
    """When the deputy or trustee is told about a worry about the lead: as the screening
    result says (app/screening/rules.py), the sooner of the tier's own and today."""
    words = vocabulary.TIERS.get(tier)
    sooner = words is not None and words.tell_lead == vocabulary.STRAIGHT_AWAY
    return vocabulary.STRAIGHT_AWAY if sooner else vocabulary.TODAY


def about_lead_html(settings: AppSettings, unlocked: bool, tier: str = "none") -> str:
    """The review step when the worry is about the designated lead (§8.3 rule 8): why the
    record is not sent, what to do instead, and the numbers. `tier` is the result's."""
    where = "the records" if unlocked else "the letterbox"
    return (
        f"<p><b>This record is not {'saved in' if unlocked else 'sent to'} {where}.</b> "
        f"The designated lead opens {where}, so they would be able to read it.</p>"
        "<p><b>What to do instead:</b></p><ul>"
        f"<li>Tell the deputy lead or the designated trustee {tell_when(tier)}.</li>"
        f"<li>The LADO must be told {vocabulary.LADO_WHEN}: phone them yourself if you "
        "cannot reach the deputy or the trustee.</li>"
        "<li>Print this record and give it to the LADO or the designated trustee. Keep the "
        "paper safe and do not leave it where others can see it.</li>"
        "<li>Do not tell the designated lead, and do not question them.</li></ul>"
        + lado_html(settings, "lead")
        + "<p>When you have printed it, press <b>Finish without sending</b>: everything "
        "you typed is then cleared from this computer.</p>"
    )

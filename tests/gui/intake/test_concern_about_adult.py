"""A worry about an adult who works or volunteers here (issue 11, items 3 and 8;
cse-facts.md §8.3 rule 8), as a volunteer meets it: the question on step 1, the LADO
route on the result page, and, when the worry is about the designated lead, nothing in
the letterbox unless the volunteer chooses it, even when the form is left alone, locked
or closed."""

import io
import logging

import pytest

from app.screening import vocabulary
from tests.concern_drivers import (
    LADO,
    LEAD,
    LEAD_PHONE,
    STAFF,
    answer_about_adult,
    item,
    message_box,
    open_form,
    plain,
    press,
    tick_with_dates,
    titles,
    walk_to_checklist,
)
from tests.conftest import PASSPHRASE
from tests.drivers import all_visible_text, button, click, field, heard, type_into
from tests.letters import letters_in


@pytest.fixture
def form(qtbot, ready, monkeypatch):
    return open_form(qtbot, ready, monkeypatch)


CANARY = "CANARYxAboutLeadx42"


def _stored(ready):
    from app.intake.letterbox import load_concern

    ready.unlock(PASSPHRASE)
    (concern_id,) = ready.require_store().query_one("SELECT id FROM concerns")
    return load_concern(ready.require_store(), concern_id)


def test_the_question_is_on_step_1_and_no_is_the_default(qtbot, form):
    window, concern_form = form
    group = field(window, vocabulary.ABOUT_ADULT_QUESTION)
    assert field(group, "No").isChecked()
    assert field(group, STAFF).isVisible() and field(group, LEAD).isVisible()
    assert "do not tell the person" in all_visible_text(group)
    note = concern_form.danger.about_note
    assert not note.isVisible()
    answer_about_adult(window, LEAD)
    assert note.isVisible() and "will not be sent" in note.text()


def test_a_worry_about_staff_is_sent_with_the_lado_route(qtbot, form, ready):
    window, concern_form = form
    answer_about_adult(window, STAFF)
    walk_to_checklist(window, concern_form, f"Hana {CANARY}", dob="02/03/2012")
    tick_with_dates(window, item(concern_form, "T2-04").text)
    click(window, "Next")
    result = plain(field(window, "Checklist result").toPlainText())
    assert "Your worry is about someone who works or volunteers here" in result
    assert f"{LADO['lado_label']}: {LADO['lado_phone']}" in result
    assert LADO["lado_note"] in result
    assert "Do not tell the person the worry is about" in result  # the volunteer's part
    assert "Contact the LADO" in result  # the lead's part
    assert LEAD_PHONE in result  # a worry about staff still goes to the lead
    click(window, "Next")
    record = field(window, "The whole record").toPlainText()
    assert vocabulary.ABOUT_ADULT_QUESTION in record and STAFF in record
    type_into(window, "Your name", "Sam Volunteer")
    click(window, "Send to the designated lead")
    assert len(letters_in(ready.paths.letterbox)) == 1
    assert _stored(ready).about_adult == "staff"


def _about_the_lead_to_review(window, concern_form):
    answer_about_adult(window, LEAD)
    walk_to_checklist(window, concern_form, f"Ivy {CANARY}", words=f"He touched me {CANARY}")
    tick_with_dates(window, item(concern_form, "T2-02").text)
    click(window, "Next")
    result = plain(field(window, "Checklist result").toPlainText())
    assert "Your worry is about the designated lead" in result
    assert LADO["lado_phone"] in result
    assert LADO["deputy_phone"] in result and LADO["trustee_phone"] in result
    assert LEAD_PHONE not in result  # not the lead's own phone
    click(window, "Next")
    assert concern_form.current_step() is concern_form.review
    type_into(window, "Your name", f"Sam {CANARY}")


def test_about_the_lead_nothing_is_sent_unless_chosen(qtbot, form, ready, caplog):
    window, concern_form = form
    _about_the_lead_to_review(window, concern_form)
    panel = plain(all_visible_text(concern_form.review))
    assert "not sent to the letterbox" in panel
    assert LADO["lado_phone"] in panel and LADO["deputy_phone"] in panel
    assert LADO["trustee_phone"] in panel
    assert button(window, "Print this record").isVisible()
    assert button(window, "Send it to the letterbox anyway…").isVisible()
    with pytest.raises(AssertionError):
        button(window, "Send to the designated lead")  # the usual Send is not offered

    # Finish without sending: it says nothing has been sent, and Go back keeps it all.
    click(window, "Finish without sending")
    box = message_box("Finish without sending?")
    assert "Nothing has been sent to anyone" in box.text()
    press(box, "Go back")
    assert concern_form.current_step() is concern_form.review
    assert field(window, "Your name").text() == f"Sam {CANARY}"
    with caplog.at_level(logging.INFO):
        click(window, "Finish without sending")
        press(message_box("Finish without sending?"), "Clear the form")
    assert letters_in(ready.paths.letterbox) == []
    assert window.pages.currentWidget() is window.home
    assert CANARY not in all_visible_text(window)
    # Nothing in the log: the lead can read it, and its time could point to who told.
    assert "designated lead" not in caplog.text and CANARY not in caplog.text


def test_about_the_lead_printing_is_for_the_lado_or_trustee(
    qtbot, form, ready, printed_pdf, monkeypatch
):
    from pypdf import PdfReader

    from ui.documents import printing

    window, concern_form = form
    sent: list[bytes] = []
    real = printing.print_with_dialog
    monkeypatch.setattr(
        printing, "print_with_dialog", lambda parent, pdf: (sent.append(pdf), real(parent, pdf))[1]
    )
    _about_the_lead_to_review(window, concern_form)
    click(window, "Print this record")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(sent[0])).pages).split()
    )
    assert "The LADO or the designated trustee" in text and f"Sam {CANARY}" in text
    assert "He touched me" in text
    assert letters_in(ready.paths.letterbox) == []  # printing sends nothing


def test_about_the_lead_sending_anyway_sends_exactly_one_letter(qtbot, form, ready):
    window, concern_form = form
    _about_the_lead_to_review(window, concern_form)
    click(window, "Send it to the letterbox anyway…")
    box = message_box("Send it to the letterbox anyway?")
    assert "they will be able to read everything" in box.text()
    assert box.defaultButton().text() == "Do not send"
    press(box, "Do not send")
    assert letters_in(ready.paths.letterbox) == []
    assert concern_form.current_step() is concern_form.review

    click(window, "Send it to the letterbox anyway…")
    press(message_box("Send it to the letterbox anyway?"), "Send it anyway")
    assert concern_form.current_step() is concern_form.done_page
    assert len(letters_in(ready.paths.letterbox)) == 1
    done = plain(heard(window.focusWidget()))  # the Sent page's message has the focus
    assert "Tell the deputy lead or the designated trustee" in done
    assert LADO["trustee_phone"] in done and LEAD_PHONE not in done
    click(window, "Finish and clear the form")
    assert len(letters_in(ready.paths.letterbox)) == 1
    assert _stored(ready).about_adult == "lead"


def test_about_the_lead_left_alone_is_cleared_not_sent(qtbot, form, ready):
    window, concern_form = form
    answer_about_adult(window, LEAD)
    click(window, "Next")
    type_into(window, "Name", f"Half typed {CANARY}")
    concern_form.idle.set_timeout_ms(100)
    qtbot.waitUntil(lambda: "Are you still there?" in titles(), timeout=5_000)
    warning = message_box("Are you still there?")
    assert "will not be sent" in warning.text() and "cleared" in warning.text()
    assert "sealed" not in warning.text()
    concern_form.time_out()  # the last minute passes
    assert letters_in(ready.paths.letterbox) == []
    assert CANARY not in all_visible_text(window)
    assert window.pages.currentWidget() is window.home
    assert concern_form.current_step() is concern_form.danger
    assert concern_form.danger.about["no"].isChecked()


def test_about_the_lead_a_lock_neither_sends_nor_loses_it(qtbot, form, ready, caplog):
    # The records lock after 5 minutes without use; a volunteer on the phone to the LADO
    # must not come back to an empty form. The form's own warning clears it later.
    window, concern_form = form
    answer_about_adult(window, LEAD)
    click(window, "Next")
    type_into(window, "Name", f"Locked {CANARY}")
    with caplog.at_level(logging.INFO):
        window.lock_now()
    assert not ready.is_unlocked
    assert letters_in(ready.paths.letterbox) == []
    assert concern_form.is_dirty
    assert field(window, "Name").text() == f"Locked {CANARY}"
    assert "designated lead" not in caplog.text and CANARY not in caplog.text
    concern_form.time_out()  # then really left alone
    assert letters_in(ready.paths.letterbox) == []
    assert CANARY not in all_visible_text(window)
    assert not concern_form.is_dirty


def test_about_the_lead_closing_offers_no_send(qtbot, form, ready, monkeypatch):
    import ui.intake.concern_form.form as form_module

    window, _concern_form = form
    answer_about_adult(window, LEAD)
    click(window, "Next")
    type_into(window, "Name", f"Closing {CANARY}")
    asked = []
    monkeypatch.setattr(
        form_module, "ask_unfinished_about_lead", lambda parent: asked.append(1) or "discard"
    )
    window.close()
    assert asked and letters_in(ready.paths.letterbox) == []
    assert CANARY not in all_visible_text(window)


def test_call_999_about_the_lead_names_the_deputy_or_trustee(qtbot, form):
    window, concern_form = form
    act_now = next(i for i in concern_form.checklist.indicators if i.tier == "X")
    from tests.drivers import tick

    tick(window, act_now.text)
    answer_about_adult(window, LEAD)
    click(window, "Next")
    assert concern_form.current_step() is concern_form.emergency
    shown = plain(all_visible_text(concern_form.emergency))
    assert "Then tell the deputy lead or the designated trustee" in shown
    assert LADO["deputy_phone"] in shown and LEAD_PHONE not in shown

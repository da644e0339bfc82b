"""A letterbox is a folder anyone may write to, so a letter's file name is anyone's text:
one with a line break in it must not forge lines in the technical log (issue 14 item 3).

The real log formatter writing to a real file, the real unlock and import."""

import logging
import re

from app.core.logs import FORMAT, RedactingFormatter
from tests.conftest import PASSPHRASE
from tests.stations import make_old

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ [\w.]+: ")
FORGED = "2026-01-01 00:00:00,000 INFO app.keys.session: letterbox checked, all is well"


def test_a_line_break_in_a_letter_name_forges_no_log_line(ready, tmp_path):
    log_file = tmp_path / "toolkit.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FORMAT))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        box = ready.paths.letterbox
        box.mkdir(exist_ok=True)
        for i, tail in enumerate(("not a letter", "")):
            name = f"2020010{i}T000000000000Z-x\n{FORGED}\n.letter"
            planted = box / name
            planted.write_bytes(tail.encode())  # one set aside, one (empty) left alone
            make_old(planted)
        (box / f"20200103T000000000000Z-\n{FORGED}.letter").mkdir()  # not a letter
        report = ready.unlock(PASSPHRASE)
        ready.lock()
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)

    assert report.not_letters == 1
    text = log_file.read_text("utf-8")
    assert "all is well" not in text
    lines = text.splitlines()
    assert lines and all(LINE.match(line) for line in lines), "a line not written by the app"

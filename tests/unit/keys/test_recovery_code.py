from hypothesis import given
from hypothesis import strategies as st

from app.keys.recovery_code import ALPHABET, generate, normalise


def test_code_shape_and_entropy():
    code = generate()
    groups = code.split("-")
    assert [len(g) for g in groups] == [5, 5, 5, 5, 5]
    assert set(code.replace("-", "")) <= set(ALPHABET)
    assert len({generate() for _ in range(200)}) == 200


def test_typed_back_loosely():
    code = generate()
    raw = code.replace("-", "")
    assert normalise(code) == raw
    assert normalise(" " + code.lower().replace("-", " ") + " ") == raw
    looks_alike = raw.replace("0", "O").replace("1", "l")
    assert normalise(looks_alike) == raw


@given(st.integers(0, 24), st.sampled_from(ALPHABET))
def test_a_single_wrong_character_is_caught(position, replacement):
    raw = generate().replace("-", "")
    if raw[position] == replacement:
        return
    typo = raw[:position] + replacement + raw[position + 1 :]
    # mod-31 check: every single change is caught except 0 <-> Z (values 0 and 31)
    if {raw[position], replacement} == {"0", "Z"}:
        return
    assert normalise(typo) is None


def test_wrong_lengths_and_letters_refused():
    raw = generate().replace("-", "")
    assert normalise(raw[:-1]) is None
    assert normalise(raw + "A") is None
    assert normalise("") is None
    assert normalise("U" * 25) is None

from hypothesis import given, strategies as st

import pytest

from gofixer.edits import Edit, Fix, apply_edits, overlaps, select_fixes


def test_apply_in_any_order():
    text = b"abcdef"
    edits = [Edit(4, 5, b"E"), Edit(0, 1, b"A"), Edit(2, 2, b"+")]
    assert apply_edits(text, edits) == b"Ab+cdEf"


def test_identical_duplicates_count_once():
    assert apply_edits(b"ab", [Edit(1, 1, b"x"), Edit(1, 1, b"x")]) == b"axb"


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        apply_edits(b"abcdef", [Edit(0, 3, b""), Edit(2, 4, b"")])


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (Edit(0, 2, b""), Edit(2, 4, b""), False),  # touching ranges
        (Edit(0, 3, b""), Edit(2, 4, b""), True),
        (Edit(2, 2, b"x"), Edit(2, 2, b"y"), True),  # two inserts at one point: order unknown
        (Edit(2, 2, b"x"), Edit(0, 4, b""), True),  # insert inside a replaced range
        (Edit(0, 0, b"x"), Edit(0, 4, b""), False),  # insert at its boundary
    ],
)
def test_overlaps(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_select_fixes_defers_conflicts_to_the_next_pass():
    f1 = Fix([Edit(0, 3, b"x")])
    f2 = Fix([Edit(1, 2, b"y")])
    f3 = Fix([Edit(5, 6, b"z")])
    assert select_fixes([f1, f2, f3]) == [f1, f3]


edit_lists = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 5), st.binary(max_size=4)), max_size=8
)


@given(st.binary(min_size=0, max_size=40), edit_lists)
def test_selected_fixes_always_apply_and_leave_other_bytes_alone(text, raw):
    fixes = [Fix([Edit(min(s, len(text)), min(s + n, len(text)), new)]) for s, n, new in raw]
    chosen = select_fixes(fixes)
    edits = [e for f in chosen for e in f.edits]
    out = apply_edits(text, edits)
    # Bytes before the first edit and after the last one are unchanged.
    if edits:
        first = min(e.start for e in edits)
        last = max(e.end for e in edits)
        assert out[:first] == text[:first]
        assert out[len(out) - (len(text) - last):] == text[last:]
    else:
        assert out == text


def test_select_fixes_matches_checking_every_pair():
    import random

    rng = random.Random(7)
    for _ in range(300):
        fixes = []
        for _ in range(rng.randint(0, 12)):
            edits = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(0, 40)
                edits.append(Edit(start, start + rng.choice([0, 0, 1, 2, 5]), b"x"))
            fixes.append(Fix(edits))
        expected, taken = [], []
        for fx in fixes:
            edits = sorted(fx.edits)
            if any(overlaps(a, b) and a != b for a, b in zip(edits, edits[1:])):
                continue
            if not any(overlaps(e, t) for e in fx.edits for t in taken):
                expected.append(fx)
                taken.extend(fx.edits)
        assert select_fixes(fixes) == expected

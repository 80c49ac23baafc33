"""gofixer.refix: positions carried through a pass's edits."""

from __future__ import annotations

from gofixer.edits import Edit, apply_edits
from gofixer.refix import after, before, origin

TEXT = b"0123456789"
EDITS = [Edit(2, 4, b"abcde"), Edit(6, 6, b"XY")]  # -> 01abcde45XY6789


def test_after_shifts_what_the_edits_leave_and_drops_what_they_rewrote():
    new = apply_edits(TEXT, EDITS)
    assert new == b"01abcde45XY6789"
    for pos in (0, 1, 4, 5, 6, 7, 9):
        assert new[after(pos, EDITS)] == TEXT[pos]
    assert after(2, EDITS) is None and after(3, EDITS) is None


def test_before_undoes_after_and_knows_new_text():
    new = apply_edits(TEXT, EDITS)
    for pos in (0, 1, 4, 5, 6, 9):
        assert before(after(pos, EDITS), EDITS) == pos
    for pos in range(2, 7):  # abcde
        assert before(pos, EDITS) is None, new[pos:pos + 1]
    assert before(9, EDITS) is None and before(10, EDITS) is None  # XY


def test_origin_goes_back_through_every_pass():
    second = [Edit(0, 0, b">>")]
    assert origin(2 + 11, 2 + 12, [EDITS, second]) == (6, 7)
    assert origin(2 + 3, 2 + 12, [EDITS, second]) is None

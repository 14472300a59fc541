from roadmaps.numbering import depth, infer_levels, renumber


def test_depth_reads_numbers_as_written():
    assert [depth(n) for n in ["1.", "3.2.1.", "5.4", "12", "", "а)"]] == [1, 3, 2, 1, 0, 0]


def test_items_under_unnumbered_headings_sit_one_level_below():
    rows = [(True, ""), (False, "1"), (False, "2"), (True, ""), (False, "3")]
    assert infer_levels(rows) == [0, 1, 1, 0, 1]


def test_dotted_numbers_give_their_own_depth():
    rows = [(True, "1."), (False, "1.1."), (False, "1.2."), (False, "1.2.1."), (True, "2."), (False, "2.1.")]
    assert infer_levels(rows) == [0, 1, 1, 2, 0, 1]


def test_renumber_follows_the_outline():
    assert renumber([0, 1, 1, 2, 0, 1, 0]) == ["1.", "1.1.", "1.2.", "1.2.1.", "2.", "2.1.", "3."]


def test_renumber_never_skips_a_level():
    assert renumber([2, 2, 0]) == ["1.", "1.1.", "2."]

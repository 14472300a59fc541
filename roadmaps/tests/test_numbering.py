from roadmaps.numbering import depth, depth_changes, infer_levels, renumber


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


def test_a_top_level_row_after_a_numbered_section_stays_top_level():
    rows = [(True, "1."), (False, "1.1."), (True, "2."), (False, "2.1."), (True, "3.")]
    rows += [(False, "3.1."), (False, "3.2."), (False, "3.3."), (False, "3.4."), (False, "4."), (False, "5.")]
    levels = infer_levels(rows)
    assert levels == [0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0]
    assert renumber(levels)[-2:] == ["4.", "5."]


def test_items_counted_afresh_under_a_numbered_section_sit_below_it():
    rows = [(True, "1."), (False, "1"), (False, "2"), (True, "2."), (False, "1"), (False, "2"), (False, "3")]
    assert infer_levels(rows) == [0, 1, 1, 0, 1, 1, 1]


def test_depth_changes_name_numbers_that_would_move_to_another_level():
    rows = [(True, "3."), (False, "3.1."), (False, "4."), (False, "5.")]
    assert depth_changes(rows, ["1.", "1.1.", "1.2.", "1.3."]) == [(2, "4.", "1.2."), (3, "5.", "1.3.")]
    # items counted 1, 2 under unnumbered sections: what «Перенумеровать» is for
    assert depth_changes([(True, ""), (False, "1"), (False, "2")], ["1.", "1.1.", "1.2."]) == []

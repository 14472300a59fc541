"""The state rules of the review workflow, without a database."""

import pytest

from progress import workflow as wf


@pytest.mark.parametrize(
    ("action", "state", "allowed"),
    [
        (wf.SUBMIT, wf.DRAFT, True),
        (wf.SUBMIT, wf.RETURNED, True),
        (wf.SUBMIT, wf.SUBMITTED, False),
        (wf.SUBMIT, wf.ACCEPTED, False),
        (wf.RETURN, wf.SUBMITTED, True),
        (wf.RETURN, wf.DRAFT, False),
        (wf.ACCEPT, wf.SUBMITTED, True),
        (wf.ACCEPT, wf.RETURNED, False),
        (wf.REOPEN, wf.ACCEPTED, True),
        (wf.REOPEN, wf.SUBMITTED, False),
    ],
)
def test_each_action_starts_only_from_its_states(action, state, allowed):
    assert wf.can(action, state) is allowed


def test_targets_lead_along_the_workflow():
    assert [wf.target(a) for a in (wf.SUBMIT, wf.RETURN, wf.ACCEPT, wf.REOPEN)] == [
        wf.SUBMITTED,
        wf.RETURNED,
        wf.ACCEPTED,
        wf.RETURNED,
    ]


def test_only_an_accepted_submission_is_locked_and_only_draft_or_returned_is_editable():
    assert [s for s in wf.STATES if wf.is_locked(s)] == [wf.ACCEPTED]
    assert {s for s in wf.STATES if wf.is_editable(s)} == {wf.DRAFT, wf.RETURNED}


def test_actions_from_a_state_list_what_a_reviewer_or_author_may_do_next():
    assert wf.actions_from(wf.SUBMITTED) == [wf.RETURN, wf.ACCEPT]
    assert wf.actions_from(wf.ACCEPTED) == [wf.REOPEN]
    assert wf.actions_from(wf.DRAFT) == [wf.SUBMIT]


def test_an_unknown_action_is_an_error_not_a_silent_refusal():
    with pytest.raises(KeyError):
        wf.can("approve", wf.SUBMITTED)

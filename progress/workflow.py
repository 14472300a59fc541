"""The review workflow as plain rules, no Django: which action moves a submission from which state to which.

черновик → отправлен → принят, or отправлен → возвращён на доработку → отправлен … An accepted submission
is locked; reopening it (back to «возвращён») is an explicit action with a reason.
"""

from __future__ import annotations

DRAFT = "draft"
SUBMITTED = "submitted"
ACCEPTED = "accepted"
RETURNED = "returned"
STATES = (DRAFT, SUBMITTED, ACCEPTED, RETURNED)

SUBMIT = "submit"
RETURN = "return"
ACCEPT = "accept"
REOPEN = "reopen"

# action -> (states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    SUBMIT: (frozenset({DRAFT, RETURNED}), SUBMITTED),
    RETURN: (frozenset({SUBMITTED}), RETURNED),
    ACCEPT: (frozenset({SUBMITTED}), ACCEPTED),
    REOPEN: (frozenset({ACCEPTED}), RETURNED),
}

# The author may change the submission (its fields and evidence) only in these states.
EDITABLE = frozenset({DRAFT, RETURNED})


def allowed_from(action: str) -> frozenset[str]:
    """The states from which `action` is possible (KeyError for an unknown action)."""
    return TRANSITIONS[action][0]


def target(action: str) -> str:
    return TRANSITIONS[action][1]


def can(action: str, state: str) -> bool:
    return state in allowed_from(action)


def is_locked(state: str) -> bool:
    return state == ACCEPTED


def is_editable(state: str) -> bool:
    return state in EDITABLE


def actions_from(state: str) -> list[str]:
    """The workflow actions possible from `state`, in the order of TRANSITIONS."""
    return [action for action, (sources, _) in TRANSITIONS.items() if state in sources]

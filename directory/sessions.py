"""The database session store (settings.SESSION_ENGINE) whose idle-timeout expiry is rewritten at most
once a minute.

SESSION_SAVE_EVERY_REQUEST slides a session's expiry forward on every request (the idle timeout,
SESSION_IDLE_MINUTES). Written every time, that is an UPDATE and a commit per page view, the largest
cost of a request that does nothing else (bench/bench_load.py measures it). This store skips the write
when nothing in the session changed and the expiry would move by less than REFRESH_SECONDS: an idle
session ends at most that much earlier than SESSION_IDLE_MINUTES after the last request, never later.
Changed data (a login, a logout, a message) is written at once, as before.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

REFRESH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    _stored_expiry = None  # the expiry in the database when the session was loaded

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if (
            not must_create
            and not self.modified
            and self._stored_expiry is not None
            and self.get_expiry_date() - self._stored_expiry < timedelta(seconds=REFRESH_SECONDS)
        ):
            return
        super().save(must_create=must_create)

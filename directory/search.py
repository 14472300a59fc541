"""Text search that ignores case and «ё»/«е» the same way on SQLite and PostgreSQL.

People write «Федорова» for «Фёдорова», «ОЛЬГА» for «Ольга». Both sides of a search are folded: the
query in Python (`fold`), the column in the database (the `fold` transform, `last_name__fold__contains`).
PostgreSQL folds with LOWER(TRANSLATE(…)); SQLite's LOWER knows only Latin letters, so on SQLite the
transform calls `fold` itself, registered on every new connection (`register_sqlite_fold`, connected
in DirectoryConfig.ready()).
"""

from __future__ import annotations

from django.db.models import CharField, TextField, Transform

SQLITE_FUNCTION = "metodkabinet_fold"


def fold(text: str) -> str:
    """Lower case, «ё» read as «е»: the form both sides of a search are compared in."""
    return text.lower().replace("ё", "е")


def _fold_or_none(value):
    return None if value is None else fold(str(value))


class Fold(Transform):
    lookup_name = "fold"

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"LOWER(TRANSLATE({sql}, 'Ёё', 'Ее'))", params

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"{SQLITE_FUNCTION}({sql})", params


CharField.register_lookup(Fold)
TextField.register_lookup(Fold)


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """connection_created: give a new SQLite connection the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_none, deterministic=True)

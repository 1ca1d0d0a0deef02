"""Storage of a workspace: the SQLCipher database, its migrations, and sidecar files.

SQL lives only here and in the repositories of `app/` (accounts, audit,
candidates, workspace settings); nothing above `app/` sees a connection.
"""

from app.storage.db import Database, IntegrityError, Row, map_sqlite_error, translate_errors
from app.storage.files import read_json, write_json_atomic
from app.storage.migrations import MIGRATIONS, Migration, latest_version, migrate

__all__ = [
    "MIGRATIONS",
    "Database",
    "IntegrityError",
    "Migration",
    "Row",
    "latest_version",
    "map_sqlite_error",
    "migrate",
    "read_json",
    "translate_errors",
    "write_json_atomic",
]

"""A throwaway PostgreSQL server in a temporary folder, on a Unix socket only.

Used by the tests and the class benchmark. ``initdb`` refuses to run as root, so when run as
root the server runs as the ``postgres`` system user in a folder handed over to it.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


class PostgresServer:
    """``start()`` makes and starts a server; ``url(db)`` gives a SQLAlchemy URL for a new
    database on it; ``stop()`` stops it and removes the folder."""

    def __init__(self, max_connections: int = 100, fsync: bool = False) -> None:
        self.max_connections = max_connections
        self.fsync = fsync
        self.folder: Path | None = None
        self._names = itertools.count(1)
        self._as_root = os.geteuid() == 0
        self._initdb = find_bin("initdb")
        self._pg_ctl = find_bin("pg_ctl")

    @property
    def socket_dir(self) -> Path:
        assert self.folder is not None
        return self.folder / "sock"

    @property
    def data_dir(self) -> Path:
        assert self.folder is not None
        return self.folder / "data"

    def _run(self, *argv: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *argv] if self._as_root else list(argv)
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(argv[:2])} failed: {result.stderr.strip()}")

    def start(self) -> PostgresServer:
        if self._initdb is None or self._pg_ctl is None:
            raise PostgresUnavailable(
                "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)"
            )
        self.folder = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
        self.socket_dir.mkdir()
        if self._as_root:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        self._run(
            self._initdb, "-D", str(self.data_dir), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' "
            f"-c max_connections={self.max_connections} -c fsync={'on' if self.fsync else 'off'}"
        )
        self._run(
            self._pg_ctl, "-D", str(self.data_dir), "-o", options, "-w",
            "-l", str(self.folder / "server.log"), "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if self.folder is None:
            return
        try:
            self._run(self._pg_ctl, "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def url(self, database: str | None = None) -> str:
        """A fresh, empty database on the server (or ``database`` as it is)."""
        import psycopg

        if database is None:
            database = f"trainer_{os.getpid()}_{next(self._names)}"
            with psycopg.connect(
                dbname="postgres", user="postgres", host=str(self.socket_dir), autocommit=True
            ) as connection:
                connection.execute(f'CREATE DATABASE "{database}"')
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

"""A real, throw-away PostgreSQL server for the tests and benchmarks.

`initdb` + `pg_ctl` from Debian's `postgresql` package (`/usr/lib/postgresql/*/bin`), in a
temporary folder, on a free local port, as a non-root user (PostgreSQL refuses to run as
root: when we are root, the server runs as the `postgres` user the package creates).
Password authentication over TCP, so that a wrong password is a real refusal.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "dateline"
PASSWORD = "dateline-test-pw"  # a throw-away server's, on 127.0.0.1 only
# In CI the PostgreSQL tests must run: with this set, missing binaries are a failure.
REQUIRE_ENV = "DATELINE_REQUIRE_POSTGRES"


def binaries() -> Path | None:
    """The newest installed server's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    return Path(found[-1]).parent if found else None


def _major(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name)
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    bindir: Path
    folder: Path

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database on this server; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    bindir = binaries()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)")
    folder = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
    as_user: dict[str, str] = {}
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = {"user": "postgres", "group": "postgres"}
    data, port = folder / "data", _free_port()
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_user:
        shutil.chown(pwfile, "postgres", "postgres")
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

    def run(*args: str) -> None:
        subprocess.run(
            args,
            check=True,
            capture_output=True,
            env=env,
            cwd=folder,
            **as_user,  # type: ignore[arg-type]
        )

    try:
        run(
            str(bindir / "initdb"), "-D", str(data), "-U", USER, "--pwfile", str(pwfile),
            "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on"
            " -c max_connections=40 -c shared_buffers=128MB"
        )
        run(
            str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip
        try:
            yield Server(port, bindir, folder)
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

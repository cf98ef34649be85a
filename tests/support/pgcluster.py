"""A throwaway PostgreSQL cluster for the tests, started with initdb / pg_ctl.

Used by the test fixtures when ``TEST_DATABASE_URL`` is not set, and by ``make test``
(``python -m tests.support.pgcluster run -- COMMAND``) to give a whole run, including
the Django store's tests on PostgreSQL, one server. As root, the server runs as the
``postgres`` user through ``runuser``, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL binaries, or the server would not start; the message says why."""


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    if not candidates:
        raise ClusterUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found; install the "
            "postgresql package or set TEST_DATABASE_URL to a server the tests may use"
        )
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    port: int
    bindir: Path
    as_postgres: bool

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self) -> None:
        data = self.root / "data"
        result = self._run(
            "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync",
        )  # fmt: skip
        if result.returncode != 0:
            raise ClusterUnavailable(f"initdb failed: {result.stderr.strip()[-500:]}")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 -c shared_buffers=128MB"
        )
        result = self._run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        if result.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-800:]
            raise ClusterUnavailable(f"pg_ctl start failed: {result.stderr.strip()} {log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a new cluster in a temporary directory; the caller stops it."""
    bindir = _bindir()
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="pgtest-"))
    if as_postgres:
        if shutil.which("runuser") is None:
            raise ClusterUnavailable("running as root needs runuser to start PostgreSQL")
        try:
            shutil.chown(root, "postgres", "postgres")
        except (LookupError, PermissionError) as error:
            raise ClusterUnavailable(f"cannot hand {root} to the postgres user: {error}") from None
    cluster = Cluster(root=root, port=_free_port(), bindir=bindir, as_postgres=as_postgres)
    try:
        cluster.start()
    except ClusterUnavailable:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


def main(argv: list[str]) -> int:
    """``run -- COMMAND...``: run COMMAND with TEST_DATABASE_URL set to a server."""
    if len(argv) < 3 or argv[0] != "run" or argv[1] != "--":
        print("usage: python -m tests.support.pgcluster run -- COMMAND...", file=sys.stderr)
        return 2
    if os.environ.get("TEST_DATABASE_URL"):
        return subprocess.call(argv[2:])
    try:
        cluster = start_cluster()
    except ClusterUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Started a throwaway PostgreSQL at {cluster.url}", file=sys.stderr)
    try:
        return subprocess.call(argv[2:], env={**os.environ, "TEST_DATABASE_URL": cluster.url})
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

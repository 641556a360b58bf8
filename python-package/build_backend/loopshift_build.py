"""loopshift's in-tree PEP 517 build backend: standard library only, no downloads from a checkout.

``pip wheel .``, ``pip install .``, ``python -m build`` and ``uv build`` reach this module through
``[build-system] backend-path`` in pyproject.toml. It needs no ``wheel`` or ``setuptools`` and reads
nothing from the Python package index. It writes a pure wheel (``py3-none-any``) whose ``loopshift``
package holds:

- the launcher (``python-package/loopshift/*.py``): the ``loopshift`` console script and
  ``python -m loopshift``;
- ``loopshift/_driver/``: the Node driver, laid out as the npm package lays it out:
  - ``package.json``: name, version, ``"type": "module"`` and the dependencies;
  - ``bin/loopshift.js``;
  - ``dist/``: compiled from ``src/`` by the checkout's TypeScript into a staging folder. The
    checkout's own ``dist/`` is never rewritten, and no stale build can slip in;
  - ``python-helpers/`` and ``transforms/``: the same files as package.json's "files" list;
  - ``node_modules/``: the production dependency tree, exactly the packages that
    package-lock.json does not mark ``dev``, each at its locked version. They are copied from the
    checkout's ``node_modules`` (as ``npm ci`` installed them). Without one (a build from the
    sdist), ``npm ci --omit=dev --ignore-scripts`` installs them into the staging folder from the
    npm registry. A package with a native addon (``*.node``) stops the build, since the wheel would
    no longer be pure.

The sdist carries the compiled ``dist/`` instead of ``src/``, so a wheel built from it needs Node
only for ``npm ci``. Archives are reproducible: sorted entries, fixed timestamps
(``SOURCE_DATE_EPOCH`` when set), normalised modes.
"""

import base64
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

WHEEL_TAG = "py3-none-any"
GENERATOR = "loopshift_build"
# The project keys this backend understands (PEP 621); any other key is an error rather than ignored.
PROJECT_KEYS = {
    "name", "version", "description", "readme", "requires-python", "license", "authors", "keywords",
    "classifiers", "urls", "dependencies", "optional-dependencies", "scripts",
}
# package.json "files": what the driver needs besides bin/ and dist/.
HELPER_FOLDERS = ["python-helpers", "python-helpers/loopshift_support", "transforms"]


class BuildError(Exception):
    """The build cannot go on; the message says why and what to do."""


# --- PEP 517 hooks ---------------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _Project(os.getcwd())
    target = os.path.join(metadata_directory, project.dist_info)
    os.makedirs(target, exist_ok=True)
    for name, data in project.dist_info_files().items():
        with open(os.path.join(target, name), "wb") as handle:
            handle.write(data)
    return project.dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _Project(os.getcwd())
    with tempfile.TemporaryDirectory(prefix="loopshift-wheel-") as staging:
        entries = project.package_entries(staging)
        for name, data in project.dist_info_files().items():
            entries.append(("{}/{}".format(project.dist_info, name), data, False))
        filename = "{}-{}-{}.whl".format(project.dist_name, project.version, WHEEL_TAG)
        os.makedirs(wheel_directory, exist_ok=True)
        _write_wheel(os.path.join(wheel_directory, filename), entries, project.dist_info)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    project = _Project(os.getcwd())
    base = "{}-{}".format(project.dist_name, project.version)
    with tempfile.TemporaryDirectory(prefix="loopshift-sdist-") as staging:
        entries = [("PKG-INFO", project.metadata(), False)]
        for relative in ["pyproject.toml", project.readme_path, "package.json", "package-lock.json"]:
            if relative:
                entries.append(_file_entry(relative, os.path.join(project.root, relative)))
        entries += project.driver_source_entries(staging)
        for folder in ["python-package/loopshift", "python-package/build_backend"]:
            entries += [_file_entry("{}/{}".format(folder, n), p) for n, p in _listing(os.path.join(project.root, folder), ".py")]
        entries = [("{}/{}".format(base, arcname), data, executable) for arcname, data, executable in entries]
        filename = base + ".tar.gz"
        os.makedirs(sdist_directory, exist_ok=True)
        _write_sdist(os.path.join(sdist_directory, filename), entries)
    return filename


# --- the project -----------------------------------------------------------------------------------

class _Project:
    def __init__(self, root):
        self.root = root
        data = _read_toml(os.path.join(root, "pyproject.toml"))
        project = data.get("project")
        if not isinstance(project, dict):
            raise BuildError("pyproject.toml has no [project] table")
        unknown = sorted(set(project) - PROJECT_KEYS)
        if unknown or project.get("dynamic"):
            raise BuildError("pyproject.toml [project]: loopshift_build does not handle {}".format(", ".join(unknown) or "dynamic"))
        self.project = project
        self.name = project["name"]
        self.version = project["version"]
        self.dist_name = re.sub(r"[-_.]+", "_", self.name).lower()
        self.dist_info = "{}-{}.dist-info".format(self.dist_name, self.version)
        self.readme_path = project.get("readme")
        if self.readme_path is not None and not isinstance(self.readme_path, str):
            raise BuildError("pyproject.toml [project] readme: give the file name as a string")
        package = _read_json(os.path.join(root, "package.json"))
        if package.get("version") != self.version:
            raise BuildError("pyproject.toml version {} differs from package.json version {}: make them the same".format(
                self.version, package.get("version")))
        self.package = package

    # metadata

    def metadata(self):
        p = self.project
        lines = ["Metadata-Version: 2.1", "Name: " + self.name, "Version: " + self.version]
        if p.get("description"):
            lines.append("Summary: " + " ".join(p["description"].split()))
        if p.get("keywords"):
            lines.append("Keywords: " + ",".join(p["keywords"]))
        for author in p.get("authors", []):
            if author.get("name") and author.get("email"):
                lines.append("Author-email: {} <{}>".format(author["name"], author["email"]))
            elif author.get("email"):
                lines.append("Author-email: " + author["email"])
            elif author.get("name"):
                lines.append("Author: " + author["name"])
        license_ = p.get("license")
        if isinstance(license_, dict) and license_.get("text"):
            lines.append("License: " + license_["text"])
        elif isinstance(license_, str):
            lines.append("License: " + license_)
        for label, url in p.get("urls", {}).items():
            lines.append("Project-URL: {}, {}".format(label, url))
        for classifier in p.get("classifiers", []):
            lines.append("Classifier: " + classifier)
        if p.get("requires-python"):
            lines.append("Requires-Python: " + p["requires-python"])
        for requirement in p.get("dependencies", []):
            lines.append("Requires-Dist: " + requirement)
        for extra, requirements in p.get("optional-dependencies", {}).items():
            lines.append("Provides-Extra: " + extra)
            for requirement in requirements:
                spec, _, marker = requirement.partition(";")
                condition = 'extra == "{}"'.format(extra)
                marker = "({}) and {}".format(marker.strip(), condition) if marker.strip() else condition
                lines.append("Requires-Dist: {}; {}".format(spec.strip(), marker))
        body = ""
        if self.readme_path:
            kind = {".md": "text/markdown", ".rst": "text/x-rst"}.get(os.path.splitext(self.readme_path)[1].lower(), "text/plain")
            lines.append("Description-Content-Type: " + kind)
            with open(os.path.join(self.root, self.readme_path), encoding="utf-8") as handle:
                body = handle.read()
        return ("\n".join(lines) + "\n\n" + body).encode("utf-8")

    def dist_info_files(self):
        wheel = "Wheel-Version: 1.0\nGenerator: {} {}\nRoot-Is-Purelib: true\nTag: {}\n".format(GENERATOR, self.version, WHEEL_TAG)
        files = {"METADATA": self.metadata(), "WHEEL": wheel.encode("utf-8")}
        scripts = self.project.get("scripts", {})
        if scripts:
            text = "[console_scripts]\n" + "".join("{} = {}\n".format(k, v) for k, v in sorted(scripts.items()))
            files["entry_points.txt"] = text.encode("utf-8")
        return files

    # contents

    def package_entries(self, staging):
        """(arcname, bytes, executable) for everything under loopshift/ in the wheel."""
        entries = [_file_entry("loopshift/" + n, p) for n, p in _listing(os.path.join(self.root, "python-package", "loopshift"), ".py")]
        if not entries:
            raise BuildError("python-package/loopshift/ has no Python files")
        driver = [("package.json", self.driver_package_json(), False)]
        driver += self.driver_source_entries(staging)
        driver += self.node_modules_entries(staging)
        entries += [("loopshift/_driver/" + arcname, data, executable) for arcname, data, executable in driver]
        return entries

    def driver_package_json(self):
        keep = ["name", "version", "description", "type", "license", "bin", "engines", "dependencies"]
        trimmed = {key: self.package[key] for key in keep if key in self.package}
        return (json.dumps(trimmed, indent=2) + "\n").encode("utf-8")

    def driver_source_entries(self, staging):
        """bin/, dist/ (built now when src/ is here), python-helpers/ and transforms/, driver-relative."""
        entries = [_file_entry("bin/" + n, p) for n, p in _listing(os.path.join(self.root, "bin"), ".js")]
        if not entries:
            raise BuildError("bin/loopshift.js is missing")
        dist = self.compiled_dist(staging)
        entries += [_file_entry("dist/" + n, p) for n, p in _walk(dist) if n.endswith(".js")]
        if not any(arcname == "dist/cli.js" for arcname, _, _ in entries):
            raise BuildError("the compiled driver has no dist/cli.js")
        for folder in HELPER_FOLDERS:
            found = _listing(os.path.join(self.root, *folder.split("/")), ".py")
            if not found:
                raise BuildError("{}/ has no Python files".format(folder))
            entries += [_file_entry("{}/{}".format(folder, n), p) for n, p in found]
        return entries

    def compiled_dist(self, staging):
        src = os.path.join(self.root, "src")
        if not os.path.isdir(src):
            dist = os.path.join(self.root, "dist")  # an sdist: it carries the compiled driver
            if not os.path.isfile(os.path.join(dist, "cli.js")):
                raise BuildError("neither src/ nor a compiled dist/ is here")
            return dist
        tsc = os.path.join(self.root, "node_modules", "typescript", "bin", "tsc")
        if not os.path.isfile(tsc):
            raise BuildError("TypeScript is not installed: run `npm ci` in {} first".format(self.root))
        out = os.path.join(staging, "dist")
        command = [_node(), tsc, "-p", os.path.join(self.root, "tsconfig.json"), "--outDir", out, "--sourceMap", "false"]
        _log("compiling the driver: " + " ".join(command))
        completed = subprocess.run(command, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if completed.returncode != 0:
            raise BuildError("tsc failed:\n" + completed.stdout.decode("utf-8", "replace"))
        return out

    def node_modules_entries(self, staging):
        """The production node_modules, as package-lock.json pins it; node_modules-relative arcnames."""
        lock = _read_json(os.path.join(self.root, "package-lock.json"))
        packages = lock.get("packages")
        if lock.get("lockfileVersion", 0) < 2 or not isinstance(packages, dict):
            raise BuildError("package-lock.json is not a lockfile of version 2 or 3")
        wanted = []
        for key, info in sorted(packages.items()):
            if not key.startswith("node_modules/") or info.get("dev") or info.get("devOptional") or info.get("link"):
                continue
            wanted.append((key, info))
        modules = os.path.join(self.root, "node_modules")
        if not os.path.isdir(modules):
            modules = self.install_production_modules(staging)
        entries = []
        for key, info in wanted:
            relative = key[len("node_modules/"):]
            folder = os.path.join(modules, *relative.split("/"))
            manifest = os.path.join(folder, "package.json")
            if not os.path.isfile(manifest):
                if info.get("optional"):
                    continue
                raise BuildError("{} is missing from {}: run `npm ci`".format(key, modules))
            installed = _read_json(manifest).get("version")
            if installed != info.get("version"):
                raise BuildError("{} is {} but package-lock.json pins {}: run `npm ci`".format(key, installed, info.get("version")))
            for name, path in _walk(folder, skip_top=("node_modules",)):
                if name.endswith(".node"):
                    raise BuildError("{} has a native addon ({}): the wheel would not be pure".format(key, name))
                entries.append(_file_entry("node_modules/{}/{}".format(relative, name), path))
        if not wanted:
            raise BuildError("package-lock.json lists no production dependency")
        return entries

    def install_production_modules(self, staging):
        npm = shutil.which("npm")
        if not npm:
            raise BuildError("no node_modules here and no npm on PATH to install the driver's dependencies (Node.js 20+ brings npm)")
        folder = os.path.join(staging, "npm")
        os.makedirs(folder)
        for name in ["package.json", "package-lock.json"]:
            shutil.copyfile(os.path.join(self.root, name), os.path.join(folder, name))
        command = [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"]
        _log("installing the driver's production dependencies: " + " ".join(command))
        completed = subprocess.run(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if completed.returncode != 0:
            raise BuildError("npm ci failed:\n" + completed.stdout.decode("utf-8", "replace"))
        return os.path.join(folder, "node_modules")


# --- helpers ---------------------------------------------------------------------------------------

def _log(text):
    sys.stderr.write("loopshift_build: {}\n".format(text))


def _read_toml(path):
    try:
        import tomllib as toml  # Python 3.11+
    except ImportError:
        try:
            import tomli as toml
        except ImportError:
            raise BuildError("building loopshift needs Python 3.11+ (tomllib) or the tomli package") from None
    with open(path, "rb") as handle:
        return toml.load(handle)


def _read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _node():
    node = os.environ.get("LOOPSHIFT_NODE") or shutil.which("node")
    if not node:
        raise BuildError("building the driver needs Node.js (node on PATH, or LOOPSHIFT_NODE)")
    return node


def _listing(folder, suffix):
    """(name, path) of the files directly in `folder` that end in `suffix`, sorted."""
    if not os.path.isdir(folder):
        return []
    return [(n, os.path.join(folder, n)) for n in sorted(os.listdir(folder))
            if n.endswith(suffix) and os.path.isfile(os.path.join(folder, n))]


def _walk(folder, skip_top=()):
    """(relative name with "/", path) of every file under `folder`, sorted; `skip_top` folders at its top are left out."""
    found = []
    for current, dirs, files in os.walk(folder):
        relative = os.path.relpath(current, folder)
        if relative == ".":
            dirs[:] = [d for d in dirs if d not in skip_top and d != "__pycache__"]
        else:
            dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            rel = name if relative == "." else "/".join(relative.split(os.sep) + [name])
            found.append((rel, os.path.join(current, name)))
    return sorted(found)


def _file_entry(arcname, path):
    with open(path, "rb") as handle:
        data = handle.read()
    return (arcname, data, bool(os.stat(path).st_mode & 0o111))


def _timestamp():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else 315532800  # 1980-01-01, the earliest a zip can say
    return max(seconds, 315532800)


def _write_wheel(path, entries, dist_info):
    entries = sorted(entries, key=lambda e: (e[0].startswith(dist_info + "/"), e[0]))
    names = [arcname for arcname, _, _ in entries]
    if len(set(names)) != len(names):
        raise BuildError("two files would have the same name in the wheel")
    date_time = time.gmtime(_timestamp())[:6]
    record = io.StringIO()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname, data, executable in entries:
            _zip_add(archive, arcname, data, executable, date_time)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
            record.write("{},sha256={},{}\n".format(_record_name(arcname), digest, len(data)))
        record_name = dist_info + "/RECORD"
        record.write("{},,\n".format(record_name))
        _zip_add(archive, record_name, record.getvalue().encode("utf-8"), False, date_time)


def _record_name(arcname):
    # RECORD is CSV: a name with a comma or a quote goes in quotes.
    return '"{}"'.format(arcname.replace('"', '""')) if ("," in arcname or '"' in arcname) else arcname


def _zip_add(archive, arcname, data, executable, date_time):
    info = zipfile.ZipInfo(arcname, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
    archive.writestr(info, data)


def _write_sdist(path, entries):
    mtime = _timestamp()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for arcname, data, executable in sorted(entries, key=lambda e: e[0]):
            info = tarfile.TarInfo(arcname)
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o755 if executable else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    with open(path, "wb") as handle:
        with gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=mtime) as gz:
            gz.write(raw.getvalue())

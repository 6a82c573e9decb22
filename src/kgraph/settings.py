"""Every tunable of kgraph in one table, and where each value comes from.

A setting has a name, a default and a help line (:data:`SETTINGS`). Its value is taken from, first to last:

1. the command-line option that sets it for one command, where there is one (``kgraph query --max-rows``);
2. the environment variable ``KGRAPH_<NAME>`` (``KGRAPH_QUERY_TIMEOUT=30``);
3. the settings file: the one named with ``kgraph --config FILE`` (or ``$KGRAPH_CONFIG``), else
   ``kgraph.toml`` in the working directory, else the ``[tool.kgraph]`` table of ``pyproject.toml`` there;
4. the default.

``kgraph settings`` prints each value and where it came from. An unknown setting (in the file, or a
``KGRAPH_`` variable that is none of them) and a value of the wrong type or out of range are a
:class:`~kgraph.errors.SettingError` that names it. Limits are named here, not written as literals elsewhere;
``tests/test_settings.py`` checks that every setting is documented in ``docs/settings.md``.

>>> get("query_max_rows")
10000
>>> with using(options={"query_max_rows": 3}):
...     source("query_max_rows").origin
'option --max-rows'
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import os
import stat
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from kgraph.errors import SettingError

#: What a setting can hold.
SettingValue: TypeAlias = int | float | str | tuple[str, ...]

#: Prefix of the environment variables that set settings.
ENV_PREFIX = "KGRAPH_"
_ENV_PREFIX_BYTES = ENV_PREFIX.encode("ascii")
#: Environment variable naming the settings file (as ``kgraph --config FILE`` does).
CONFIG_ENV = "KGRAPH_CONFIG"
#: Other ``KGRAPH_`` variables kgraph reads that are not settings: name → what it is.
OTHER_ENV = {
    CONFIG_ENV: "the settings file to read (as kgraph --config FILE)",
    "KGRAPH_SHARED": "the shared data folder of the training and benchmark tools (developers only)",
}
#: The settings file looked for in the working directory.
CONFIG_FILE = "kgraph.toml"
_LOOKED_FOR = (CONFIG_FILE, "pyproject.toml")


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default and meaning, and how it may be set.

    ``option`` is the command-line option that sets it for one command (empty when none does); ``minimum``
    bounds a number from below (``minimum_open``: strictly).
    """

    name: str
    default: SettingValue
    help: str
    option: str = ""
    minimum: float | None = None
    minimum_open: bool = False

    @property
    def env(self) -> str:
        """The environment variable that sets it: ``KGRAPH_`` and the name in capitals."""
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("max_file_bytes", 200 * 1024 * 1024, "Largest input file read, in bytes; larger files are skipped.",
            minimum=1),
    Setting("chunk_chars", 200_000, "Long documents are processed in pieces of about this many characters.",
            minimum=1000),
    Setting("input_suffixes", (".txt", ".md", ".html", ".htm", ".jsonl"), "File name endings read from folders."),
    Setting("default_lang", "auto", "Language of inputs: auto (detect per document) or the code of a registered "
            "language plug-in (ar, en).", option="--lang"),
    Setting("query_timeout", 10.0, "Wall-clock limit of one SPARQL query of `kgraph serve`, in seconds.",
            option="--timeout", minimum=0, minimum_open=True),
    Setting("query_max_rows", 10_000, "Most rows (or triples) one SPARQL answer returns.", option="--max-rows",
            minimum=0),
    Setting("progress_every", 25, "Report progress on stderr every this many documents.", minimum=1),
    Setting("workers", 0, "Processes that extract documents in `kgraph build` (0: one per available core; 1: no "
            "worker process).", option="--workers", minimum=0),
    Setting("shard_documents", 128, "Documents a build sends to a worker process at a time (one extraction pack "
            "each); a build of fewer documents extracts them in its own process.", minimum=1),
    Setting("push_batch_quads", 50_000, "`kgraph push` sends graphs in batches of about this many quads and "
            "records each batch sent (a stopped push resumes after the last one).", minimum=1),
    Setting("push_retries", 5, "`kgraph push` tries a request this many more times when the store is unreachable "
            "or busy (HTTP 5xx, 429), waiting 0.5 s, 1 s, 2 s ... in between.", minimum=0),
    Setting("lock_wait", 60.0, "Seconds a build waits for another build writing into the same --out folder.",
            minimum=0),
    Setting("explorer_webgl_actors", 2000, "Above this many actors the explorer page draws with WebGL (sigma.js).",
            minimum=0),
    Setting("explorer_webgl_relations", 8000, "Above this many relations the explorer page draws with WebGL.",
            minimum=0),
    Setting("dedup_threshold", 0.7, "Least Jaccard similarity of word 5-shingles for two documents to be copies of "
            "one story (counted once); above 1 turns near-duplicate detection off.", minimum=0, minimum_open=True),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
DEFAULTS: dict[str, SettingValue] = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Source:
    """A setting's value and where it came from: ``"default"``, ``"file PATH"``, ``"environment KGRAPH_X"`` or
    ``"option --x"``."""

    name: str
    value: SettingValue
    origin: str


_config: contextvars.ContextVar[Path | None] = contextvars.ContextVar("kgraph_config", default=None)
_options: contextvars.ContextVar[tuple[tuple[str, SettingValue], ...]] = contextvars.ContextVar(
    "kgraph_options", default=())
_cache: dict[tuple[object, ...], dict[str, Source]] = {}
_file_cache: dict[tuple[str, int, int], dict[str, object]] = {}
_probe_cache: dict[tuple[object, ...], Path | None] = {}


@contextlib.contextmanager
def using(*, config: Path | str | None = None, options: Mapping[str, object] | None = None) -> Iterator[None]:
    """Read settings from ``config`` (instead of the file found in the working directory) and take ``options``
    (setting name → value given on the command line; ``None`` values are left out) over everything else, in
    the body.

    Raises:
        SettingError: ``options`` names an unknown setting or has a bad value.
    """
    given: list[tuple[str, SettingValue]] = []
    for name, value in (options or {}).items():
        if value is None:
            continue
        setting = _setting(name, where="option")
        given.append((name, _check(setting, value, where=f"option {setting.option or name}")))
    tokens = (_config.set(Path(config) if config is not None else _config.get()),
              _options.set((*_options.get(), *given)))
    try:
        yield
    finally:
        _options.reset(tokens[1])
        _config.reset(tokens[0])


def get(name: str) -> Any:
    """The value of setting ``name`` (see the module docstring for where it comes from).

    Raises:
        KeyError: no setting is called ``name`` (a bug in kgraph).
        SettingError: a setting is unknown or ill-typed where it is set.
    """
    if name not in BY_NAME:
        raise KeyError(name)
    return resolve()[name].value


def source(name: str) -> Source:
    """The value of setting ``name`` and where it came from."""
    if name not in BY_NAME:
        raise KeyError(name)
    return resolve()[name]


def resolve() -> dict[str, Source]:
    """Every setting's value and where it came from.

    Cheap enough to call for every file read: the settings file is found with two ``stat`` calls and read
    again only when it changes.

    Raises:
        SettingError: an unknown setting, or a value of the wrong type or out of range, in the settings file,
            the environment or the options.
    """
    env = _environment()
    found = _locate()
    key = (env, found[1] if found else (), _options.get(), tuple(DEFAULTS.values()))
    cached = _cache.get(key)
    if cached is None:
        if len(_cache) > 64:
            _cache.clear()
        cached = _cache[key] = _resolve(dict(env), found[0] if found else None)
    return cached


def _environment() -> tuple[tuple[str, str], ...]:
    """The ``KGRAPH_`` variables of the environment, sorted.

    ``os.environ`` decodes every name and value it is asked for; on POSIX its undecoded table is scanned
    instead (40× faster; this runs for every file a build reads), and only kgraph's variables are decoded.
    """
    data = getattr(os.environ, "_data", None)
    if os.name != "posix" or not isinstance(data, dict):
        return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX)))
    prefix = _ENV_PREFIX_BYTES
    found = [(k, v) for k, v in data.items() if k[:7] == prefix]
    return tuple(sorted((os.fsdecode(k), os.fsdecode(v)) for k, v in found)) if found else ()


def _resolve(env: Mapping[str, str], file: Path | None) -> dict[str, Source]:
    values = {s.name: Source(s.name, DEFAULTS[s.name], "default") for s in SETTINGS}
    if file is not None:
        where = f"file {file}"
        for name, raw in _file_table(file).items():
            setting = _setting(name, where=f"{file}")
            values[name] = Source(name, _check(setting, raw, where=f"{name} in {file}"), where)
    for var, text in env.items():
        if var in OTHER_ENV or not text.strip():
            continue
        name = var[len(ENV_PREFIX):].lower()
        if name not in BY_NAME:
            raise SettingError(f"unknown setting: environment variable {var}" + _suggest(name, env=True),
                               fix=f"unset {var}; the settings are {', '.join(s.env for s in SETTINGS)}")
        setting = BY_NAME[name]
        values[name] = Source(name, _parse_env(setting, text), f"environment {var}")
    for name, value in _options.get():
        values[name] = Source(name, value, f"option {BY_NAME[name].option or name}")
    return values


def config_file() -> Path | None:
    """The settings file in use: the one named with ``--config`` or ``$KGRAPH_CONFIG``, else ``kgraph.toml``
    or a ``pyproject.toml`` with a ``[tool.kgraph]`` table in the working directory; None when there is none.

    Raises:
        SettingError: the named file does not exist.
    """
    found = _locate()
    return found[0] if found else None


def _locate() -> tuple[Path, tuple[object, ...]] | None:
    """The settings file in use and a stamp that changes when it does (see :func:`config_file`)."""
    named = _config.get()
    origin = "--config"
    if named is None and os.environ.get(CONFIG_ENV, "").strip():
        named, origin = Path(os.environ[CONFIG_ENV]), CONFIG_ENV
    candidates = (str(named),) if named is not None else _LOOKED_FOR
    cwd = os.getcwd()
    for name in candidates:
        try:
            st = os.stat(name)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            if named is not None:
                raise SettingError(f"the settings file {named} (named by {origin}) does not exist",
                                   fix=f"check the path, or write a {CONFIG_FILE} there (see docs/settings.md)")
            continue
        stamp = (cwd, name, st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp not in _probe_cache:
            if len(_probe_cache) > 64:
                _probe_cache.clear()
            _probe_cache[stamp] = _probe(Path(name), named=named is not None)
        located = _probe_cache[stamp]
        if located is not None:
            return located, stamp
    return None


def _probe(path: Path, *, named: bool) -> Path | None:
    """``path`` (absolute unless it was named) if it is a settings file kgraph reads; a ``pyproject.toml`` is
    one only when it has a ``[tool.kgraph]`` table (another project's is not read)."""
    if named:
        return path
    if path.name == CONFIG_FILE:
        return path.resolve()
    try:
        ours = b"[tool.kgraph" in path.read_bytes()
    except OSError:
        return None
    return path.resolve() if ours and "kgraph" in _load_toml(path).get("tool", {}) else None


def _load_toml(path: Path) -> dict[str, Any]:
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _file_cache:
        try:
            _file_cache[key] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingError(f"cannot read the settings file {path}: {exc}",
                               fix="check the file and its permissions") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingError(f"the settings file {path} is not valid TOML: {exc}",
                               fix="write one `name = value` a line, e.g. query_timeout = 30") from exc
    return _file_cache[key]


def _file_table(path: Path) -> dict[str, object]:
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("kgraph", {})
        if not isinstance(table, dict):
            raise SettingError(f"{path}: [tool.kgraph] is not a table", fix="write [tool.kgraph] and then name = value")
        return table
    return data


def _setting(name: str, *, where: str) -> Setting:
    if name not in BY_NAME:
        raise SettingError(f"unknown setting {name!r} in {where}" + _suggest(name),
                           fix=f"remove it; the settings are {', '.join(BY_NAME)} (see `kgraph settings`)")
    return BY_NAME[name]


def _suggest(name: str, *, env: bool = False) -> str:
    close = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {BY_NAME[close[0]].env if env else close[0]}?)"


def _kind(setting: Setting) -> str:
    if isinstance(setting.default, tuple):
        return "a list of file name endings such as [\".txt\", \".md\"]"
    if isinstance(setting.default, str):
        return "a word"
    if isinstance(setting.default, int):
        return "a whole number"
    return "a number"


def _check(setting: Setting, value: object, *, where: str) -> SettingValue:
    """``value`` (from a TOML file or an option) if it fits ``setting``; raise a SettingError naming it if not."""
    default = setting.default
    bad = SettingError(f"setting {where}: {value!r} is not {_kind(setting)}",
                       fix=f"give {setting.name} {_kind(setting)} (default {_shown(default)})")
    if isinstance(default, tuple):
        if isinstance(value, str) or not isinstance(value, list | tuple) or \
                not all(isinstance(v, str) and v.startswith(".") and len(v) > 1 for v in value):
            raise bad
        return tuple(v.lower() for v in value)
    if isinstance(default, str):
        if not isinstance(value, str) or not value.strip():
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    if isinstance(default, int) and not isinstance(value, int):
        raise bad
    if setting.minimum is not None and (value < setting.minimum or (setting.minimum_open and value == setting.minimum)):
        word = "more than" if setting.minimum_open else "at least"
        raise SettingError(f"setting {where}: {value!r} is too small", fix=f"give {setting.name} {word} "
                           f"{setting.minimum:g} (default {_shown(default)})")
    return float(value) if isinstance(default, float) else int(value)


def _parse_env(setting: Setting, text: str) -> SettingValue:
    """The value of environment variable ``setting.env`` written as ``text``."""
    where = f"{setting.env}={text}"
    text = text.strip()
    value: object = text
    if isinstance(setting.default, tuple):
        value = [v for v in text.replace(",", " ").split() if v]
    elif isinstance(setting.default, int | float) and not isinstance(setting.default, bool):
        try:
            value = int(text) if isinstance(setting.default, int) else float(text)
        except ValueError:
            value = text
    return _check(setting, value, where=f"environment {where}")


def _shown(value: SettingValue) -> str:
    if isinstance(value, tuple):
        return " ".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def shown(value: SettingValue) -> str:
    """A setting's value as ``kgraph settings`` prints it (a list as space-separated words)."""
    return _shown(value)


def how_to_set(name: str, value: SettingValue | None = None) -> str:
    """How a user changes setting ``name``: its option where one exists, the environment variable and the
    settings file line, e.g. ``--max-rows N, KGRAPH_QUERY_MAX_ROWS=N or query_max_rows = N in kgraph.toml``.

    >>> how_to_set("max_file_bytes", 419430400)
    'KGRAPH_MAX_FILE_BYTES=419430400 or max_file_bytes = 419430400 in kgraph.toml'
    """
    setting = BY_NAME[name]
    text = "N" if value is None else _shown(value)
    ways = [f"{setting.env}={text}", f"{name} = {text} in {CONFIG_FILE}"]
    if setting.option:
        ways.insert(0, f"{setting.option} {text}")
    return ", ".join(ways[:-1]) + " or " + ways[-1]


__all__ = ["BY_NAME", "CONFIG_FILE", "DEFAULTS", "SETTINGS", "Setting", "SettingValue", "Source", "config_file",
           "get", "how_to_set", "resolve", "shown", "source", "using"]

"""Settings: one table, every entry documented and read, values from option > environment > file > default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph import settings
from kgraph.cli import cli
from kgraph.errors import SettingError, UnknownLanguage
from kgraph.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "kgraph").rglob("*.py")
                    if p.name != "settings.py")


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts in an empty folder with no KGRAPH_ setting in the environment."""
    import os

    for var in list(os.environ):
        if var.startswith("KGRAPH_"):
            monkeypatch.delenv(var)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_settings_documented(setting: settings.Setting) -> None:
    assert f"`{setting.name}`" in DOC and f"`{setting.env}`" in DOC


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_settings_each_is_read_by_kgraph(setting: settings.Setting) -> None:
    """A setting nothing reads is not a setting: every name is read through settings.get or source."""
    assert re.search(rf"settings\.(get|source)\(\"{setting.name}\"\)", SOURCES), setting.name


@pytest.mark.parametrize(("env", "file", "option", "value", "origin"), [
    (None, None, None, 10_000, "default"),
    (None, "query_max_rows = 50", None, 50, "file"),
    ("7", "query_max_rows = 50", None, 7, "environment KGRAPH_QUERY_MAX_ROWS"),
    ("7", "query_max_rows = 50", 3, 3, "option --max-rows"),
    (None, "query_max_rows = 50", 3, 3, "option --max-rows"),
    ("", "query_max_rows = 50", None, 50, "file"),  # an empty variable is unset
])
def test_settings_precedence(monkeypatch: pytest.MonkeyPatch, env: str | None, file: str | None,
                             option: int | None, value: int, origin: str) -> None:
    if env is not None:
        monkeypatch.setenv("KGRAPH_QUERY_MAX_ROWS", env)
    if file is not None:
        Path("kgraph.toml").write_text(file + "\n", encoding="utf-8")
    with settings.using(options={"query_max_rows": option}):
        got = settings.source("query_max_rows")
        assert settings.get("query_max_rows") == value
    assert got.value == value and got.origin.startswith(origin)


@pytest.mark.parametrize(("where", "text"), [
    ("kgraph.toml", "lock_wait = 5\n"),
    ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.kgraph]\nlock_wait = 5\n"),
    ("named.toml", "lock_wait = 5\n"),
    ("named-pyproject/pyproject.toml", "[tool.kgraph]\nlock_wait = 5\n"),
])
def test_settings_files(monkeypatch: pytest.MonkeyPatch, where: str, text: str) -> None:
    path = Path(where)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    named = where.startswith("named")
    with settings.using(config=path if named else None):
        src = settings.source("lock_wait")
    assert src.value == 5.0 and isinstance(src.value, float)
    assert src.origin == f"file {path if named else path.resolve()}"


def test_settings_config_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("elsewhere.toml").write_text("progress_every = 3\n", encoding="utf-8")
    monkeypatch.setenv("KGRAPH_CONFIG", "elsewhere.toml")
    assert settings.get("progress_every") == 3


def test_settings_other_projects_pyproject_is_not_read() -> None:
    Path("pyproject.toml").write_text("[tool.ruff]\nline-length = 1\n", encoding="utf-8")
    assert settings.config_file() is None and settings.source("lock_wait").origin == "default"


@pytest.mark.parametrize(("env", "file", "message"), [
    ({"KGRAPH_QUERY_TIMEOUT": "soon"}, None, "KGRAPH_QUERY_TIMEOUT=soon: 'soon' is not a number"),
    ({"KGRAPH_QUERY_TIMEOUT": "0"}, None, "KGRAPH_QUERY_TIMEOUT=0: 0.0 is too small"),
    ({"KGRAPH_QUERY_MAX_ROWS": "2.5"}, None, "'2.5' is not a whole number"),
    ({"KGRAPH_INPUT_SUFFIXES": "txt"}, None, "is not a list of file name endings"),
    ({"KGRAPH_QUERY_TIMEOT": "30"}, None, "unknown setting: environment variable KGRAPH_QUERY_TIMEOT "
                                         r"\(did you mean KGRAPH_QUERY_TIMEOUT\?\)"),
    ({}, "query_timeout = '30'\n", "query_timeout in .*kgraph.toml: '30' is not a number"),
    ({}, "lock_wiat = 3\n", r"unknown setting 'lock_wiat' in .*kgraph.toml \(did you mean lock_wait\?\)"),
    ({}, "max_file_bytes = true\n", "True is not a whole number"),
    ({}, "input_suffixes = '.txt'\n", "is not a list of file name endings"),
    ({}, "query_timeout = \n", "not valid TOML"),
    ({"KGRAPH_CONFIG": "missing.toml"}, None, r"missing.toml \(named by KGRAPH_CONFIG\) does not exist"),
])
def test_settings_bad_values_raise_naming_them(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                                file: str | None, message: str) -> None:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    if file is not None:
        Path("kgraph.toml").write_text(file, encoding="utf-8")
    with pytest.raises(SettingError, match=message) as info:
        settings.get("query_timeout")
    assert info.value.fix


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("input_suffixes", ".TXT, .md", (".txt", ".md")),
    ("query_timeout", "2.5", 2.5),
    ("lock_wait", "0", 0.0),
    ("default_lang", "ar", "ar"),
    ("chunk_chars", "5000", 5000),
])
def test_settings_environment_values(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                     expected: object) -> None:
    monkeypatch.setenv(f"KGRAPH_{name.upper()}", value)
    assert settings.get(name) == expected


def test_settings_unknown_option_raises() -> None:
    with pytest.raises(SettingError, match="unknown setting 'max_rows'"), settings.using(options={"max_rows": 3}):
        pass


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_settings_how_to_set_names_every_way(name: str) -> None:
    text = settings.how_to_set(name, 5)
    setting = settings.BY_NAME[name]
    assert f"KGRAPH_{name.upper()}=5" in text and f"{name} = 5 in kgraph.toml" in text
    assert (setting.option in text) if setting.option else "--" not in text


def test_settings_command_prints_values_and_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("kgraph.toml").write_text("lock_wait = 5\nquery_timeout = 20\n", encoding="utf-8")
    monkeypatch.setenv("KGRAPH_QUERY_TIMEOUT", "30")
    result = CliRunner().invoke(cli, ["settings"])
    assert result.exit_code == 0, result.output
    lines = {line.split("|")[0].strip(): [c.strip() for c in line.split("|")[1:]] for line in result.stdout.splitlines()
             if "|" in line}
    assert lines["query_timeout"] == ["30", "environment KGRAPH_QUERY_TIMEOUT"]
    assert lines["lock_wait"][0] == "5" and lines["lock_wait"][1].startswith("file ") and \
        lines["lock_wait"][1].endswith("kgraph.toml")
    assert lines["query_max_rows"] == ["10000", "default"]
    assert set(lines) == {"setting", *settings.BY_NAME}


def test_settings_command_config_option_and_errors() -> None:
    Path("mine.toml").write_text("progress_every = 2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", "mine.toml", "settings"])
    assert result.exit_code == 0 and re.search(r"progress_every +\| 2 +\| file mine.toml", result.stdout)
    Path("bad.toml").write_text("progress_evry = 2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", "bad.toml", "settings"])
    assert result.exit_code == 2 and "progress_evry" in result.stderr and "progress_every" in result.stderr
    # the --config of one invocation does not leak into the next
    assert settings.config_file() is None


def test_settings_query_max_rows_from_environment_caps_kgraph_query(
        monkeypatch: pytest.MonkeyPatch, example_out: Path) -> None:  # issue 17
    monkeypatch.setenv("KGRAPH_QUERY_MAX_ROWS", "3")
    result = CliRunner().invoke(cli, ["query", str(example_out), "SELECT ?s WHERE { ?s a ?t }"])
    assert result.exit_code == 0, result.output
    assert "(3 rows)" in result.stdout
    assert "KGRAPH_QUERY_MAX_ROWS" in result.stderr and "--max-rows" in result.stderr
    result = CliRunner().invoke(cli, ["query", str(example_out), "SELECT ?s WHERE { ?s a ?t }", "--max-rows", "1"])
    assert "(1 row" in result.stdout


def test_settings_default_lang_is_read_by_build(monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph

    text = "ISIS threatens the al-Hol camp."
    monkeypatch.setenv("KGRAPH_DEFAULT_LANG", "ar")
    assert [d.lang for d in kgraph.build_graph(texts=[text]).corpus.documents] == ["ar"]
    monkeypatch.setenv("KGRAPH_DEFAULT_LANG", "auto")
    assert [d.lang for d in kgraph.build_graph(texts=[text]).corpus.documents] == ["en"]
    assert [d.lang for d in kgraph.build_graph(texts=[text], lang="ar").corpus.documents] == ["ar"]
    monkeypatch.setenv("KGRAPH_DEFAULT_LANG", "xx")
    with pytest.raises(UnknownLanguage, match="'xx'"):
        kgraph.build_graph(texts=[text])


def test_settings_max_file_bytes_from_environment_skips_with_how_to_raise(
        monkeypatch: pytest.MonkeyPatch, articles) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    folder = articles({"big.txt": "ISIS threatens the al-Hol camp. " * 100})
    monkeypatch.setenv("KGRAPH_MAX_FILE_BYTES", "1000")
    [skipped] = kgraph.build_graph([folder]).report["skipped"]
    assert skipped["code"] == "E104" and "KGRAPH_MAX_FILE_BYTES=" in skipped["reason"]

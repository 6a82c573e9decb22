"""The documentation is tested: docstring examples run, and README.md and the pages under docs/ quote only
``kgraph`` commands and options that exist, link only to files that exist, and README stays a front page.

``docs/cli.md`` is generated from ``--help`` and checked by ``tests/test_cli_docs.py``.
"""

from __future__ import annotations

import doctest
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The pages a user reads (docs/cli.md is generated from --help and checked on its own).
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "cli.md"),
         ROOT / "ontologies" / "README.md", ROOT / "examples" / "README.md"]
README_MAX_LINES = 250

MODULES = ["kgraph.ingest.normalize", "kgraph.ingest.read", "kgraph.ingest.html", "kgraph.resolve",
           "kgraph.extract.lang.ar", "kgraph.extract.lang.ar.morph", "kgraph.extract.lang.en",
           "kgraph.extract.pipeline", "kgraph.incremental", "kgraph.atomic", "kgraph.schema",
           "kgraph.train.corpus", "kgraph.train.selection", "kgraph.train.convert", "kgraph.train.evaluate"]


@pytest.mark.parametrize("name", MODULES)
def test_docs_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------------------------------------- reading pages
@dataclass(frozen=True)
class Page:
    """A Markdown page split into what the checks read."""

    blocks: list[tuple[int, str, str]]  # (first line, info string, text) of each fenced code block
    paragraphs: list[tuple[int, str]]  # (first line, text with its lines joined) of the prose outside blocks


def read_page(text: str) -> Page:
    blocks: list[tuple[int, str, str]] = []
    paragraphs: list[tuple[int, str]] = []
    fence: str | None = None
    body: list[str] = []
    para: list[str] = []
    start = 0
    for n, line in enumerate(text.splitlines(), 1):
        opening = re.match(r"\s*(```+|~~~+)\s*(\S*)", line)
        if fence is None and opening:
            if para:
                paragraphs.append((start, " ".join(para)))
                para = []
            fence, info, body, start = opening.group(1), opening.group(2), [], n + 1
        elif fence is not None and line.strip().startswith(fence):
            blocks.append((start, info, "\n".join(body)))
            fence = None
        elif fence is not None:
            body.append(line)
        elif line.strip():
            if not para:
                start = n
            para.append(line.strip())
        elif para:
            paragraphs.append((start, " ".join(para)))
            para = []
    if para:
        paragraphs.append((start, " ".join(para)))
    return Page(blocks=blocks, paragraphs=paragraphs)


def inline_code(paragraph: str) -> list[str]:
    return [m.group(2).strip() for m in re.finditer(r"(`+)(.+?)\1", paragraph)]


def shell_words(text: str) -> str:
    """``text`` with each quoted string replaced by ``Q``, ``$(...)`` and ``# comments`` removed, and lines
    continued with a backslash joined."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "'\"":
            end = text.find(c, i + 1)
            end = len(text) if end < 0 else end
            out.append("Q")
            i = end + 1
        elif text.startswith("$(", i):
            depth, i = 1, i + 2
            while i < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
        elif c == "#" and (i == 0 or text[i - 1].isspace()):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        else:
            out.append(c)
            i += 1
    return "".join(out).replace("\\\n", " ")


def command_lines(block: str) -> list[str]:
    """The commands of a shell block: indented lines continue the line above (as in a synopsis), and ``&&``
    and ``;`` separate commands."""
    lines: list[str] = []
    for line in shell_words(block).splitlines():
        if line[:1].isspace() and lines and line.strip():
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    return [part.strip() for line in lines for part in re.split(r"&&|;", line) if part.strip()]


KNOWN_TOOLS = {"pytest", "ruff", "mypy", "pip", "git", "curl", "open", "kill", "ls", "head", "chromium", "env"}


def program(command: str) -> tuple[str, list[str]] | None:
    """``("kgraph", args)``, ``(script path, args)`` or ``(tool, args)`` for a command line; ``None`` when
    ``command`` does not start with a program (prose in code, output, a file name)."""
    words = command.split()
    while words and (re.fullmatch(r"\w+=\S*", words[0]) or words[0] == "env"):
        words = words[1:]
    if not words:
        return None
    if re.fullmatch(r"(\S*/)?python3?", words[0]) and len(words) > 1:
        if words[1] == "-m" and len(words) > 2:
            return words[2], words[3:]
        return words[1], words[2:]
    if words[0] == "kgraph" or words[0].endswith(".py") or words[0] in KNOWN_TOOLS:
        return words[0], words[1:]
    return None


OPTION = re.compile(r"--?[A-Za-z][\w-]*(=.*)?")


def _options(args: list[str]) -> list[tuple[str, str | None]]:
    """The options among ``args`` with the word after each (synopsis brackets stripped)."""
    words = [w.strip("[](){}") for w in args]
    words = [w for w in words if w and w not in ("|", "...", "…")]
    found = []
    for i, word in enumerate(words):
        if OPTION.fullmatch(word):
            name, eq, value = word.partition("=")
            after = words[i + 1] if i + 1 < len(words) and not OPTION.fullmatch(words[i + 1]) else None
            found.append((name, value if eq else after))
    return found


def _params(command: click.Command) -> dict[str, click.Parameter]:
    # a context under kgraph's own (its help option names -h too): click keeps the help option it makes on the
    # command, and a bare context would leave --help alone in every later --help (docs/cli.md's test)
    cli = _cli()
    root = click.Context(cli, info_name="kgraph", **cli.context_settings)
    ctx = root if command is cli else click.Context(command, parent=root, info_name=command.name,
                                                    **command.context_settings)
    params = {name: p for p in command.get_params(ctx) for name in (*p.opts, *p.secondary_opts)}
    return {n: p for n, p in params.items() if n.startswith("-")}


def _cli() -> click.Group:
    from kgraph.cli import cli

    assert isinstance(cli, click.Group)
    return cli


def _option_problems(where: str, params: dict[str, click.Parameter], args: list[str]) -> list[str]:
    problems = []
    for name, value in _options(args):
        param = params.get(name)
        if param is None:
            problems.append(f"{where} has no option {name}")
        elif isinstance(param.type, click.Choice) and value:
            choices = [str(c) for c in param.type.choices]
            problems += [f"{where} {name} does not take {v!r} (choices: {', '.join(choices)})"
                         for v in value.split("|") if v and v != "Q" and not v.isupper() and v not in choices]
    return problems


def kgraph_problems(args: list[str]) -> list[str]:
    """What is wrong with ``kgraph ARGS`` as the click CLI sees it: an unknown command, an option the command
    does not have, a value a choice option does not take."""
    cli = _cli()
    words = [w for w in args if w not in ("…", "...")]
    if not words or OPTION.fullmatch(words[0]):
        return _option_problems("kgraph", _params(cli), args)
    command = cli.commands.get(words[0])
    if command is None:
        return [f"kgraph has no command {words[0]!r} (commands: {', '.join(sorted(cli.commands))})"]
    return _option_problems(f"kgraph {words[0]}", _params(command), args[args.index(words[0]) + 1:])


def kgraph_option_problems(args: list[str]) -> list[str]:
    """What is wrong with an option quoted alone (``--out DIR``): no command of kgraph has it, or no command
    having it takes the value shown."""
    cli = _cli()
    commands = [cli, *cli.commands.values()]
    having = [c for c in commands if args[0].partition("=")[0] in _params(c)]
    if not having:
        return [f"kgraph has no option {args[0].partition('=')[0]}"]
    found = [_option_problems(f"kgraph {c.name}", _params(c), args) for c in having]
    return [] if any(not f for f in found) else found[0]


def script_problems(script: str, args: list[str]) -> list[str]:
    """Options quoted for a Python script of this repository that the script does not define."""
    path = (ROOT / script).resolve()
    if ROOT not in path.parents:
        return []  # a tool outside the repository (the project's scorer): not ours to check
    if not path.is_file():
        return [f"no such script {script}"]
    source = path.read_text(encoding="utf-8")
    return [f"{script} has no option {name}" for name, _ in _options(args)
            if not re.search(rf"[\"']{re.escape(name)}[\"']", source)]


def problems_of(prog: str, args: list[str]) -> list[str]:
    if prog == "kgraph":
        return kgraph_option_problems(args) if args and OPTION.fullmatch(args[0]) else kgraph_problems(args)
    if prog.endswith(".py"):
        return script_problems(prog, args)
    return []


def quoted_command_problems(text: str) -> tuple[int, list[str]]:
    """(how many kgraph command lines and options were checked, what is wrong) for a Markdown page."""
    page = read_page(text)
    checked = 0
    problems: list[str] = []
    for line, info, block in page.blocks:
        if info not in ("", "bash", "sh", "shell", "console"):
            continue
        for command in command_lines(block):
            found = program(command.removeprefix("$ "))
            if found:
                checked += found[0] == "kgraph"
                problems += [f"line {line}+: {p}" for p in problems_of(*found)]
    for line, paragraph in page.paragraphs:
        context = "kgraph"  # an option quoted alone belongs to the last command quoted before it
        for span in inline_code(paragraph):
            words = command_lines(span)
            found = program(words[0]) if len(words) == 1 else None
            if found and " " in span:
                context = found[0]
                checked += found[0] == "kgraph"
                problems += [f"line {line}+: {p}" for p in problems_of(*found)]
            elif OPTION.match(span):
                checked += context == "kgraph"
                problems += [f"line {line}+: {p}" for p in problems_of(context, span.split())]
    return checked, problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_quoted_commands_and_options_exist(page: Path) -> None:
    _, problems = quoted_command_problems(page.read_text(encoding="utf-8"))
    assert not problems, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


def test_docs_quote_commands_at_all() -> None:
    checked = sum(quoted_command_problems(p.read_text(encoding="utf-8"))[0] for p in PAGES)
    assert checked > 50  # the checks above are not vacuous: the pages quote many kgraph commands


@pytest.mark.parametrize(("markdown", "problem"), [
    ("```bash\nkgraph biuld in/ --out o\n```", "no command 'biuld'"),
    ("```\nkgraph build PATH... [--out DIR]\n        [--stirct]\n```", "kgraph build has no option --stirct"),
    ("```bash\nkgraph viz g --out p.html \\\n  --qurey 'SELECT * WHERE { ?s ?p ?o }'\n```", "no option --qurey"),
    ("```bash\nkgraph query g --format yaml\n```", "does not take 'yaml'"),
    ("```\nkgraph query G [--format table|csv|yml]\n```", "does not take 'yml'"),
    ("```bash\npython -m pip install . && kgraph train --lang fr\n```", "does not take 'fr'"),
    ("Run `kgraph serve DIR --hots 0.0.0.0`.", "kgraph serve has no option --hots"),
    ("The option `--no-such-option` does it.", "kgraph has no option --no-such-option"),
    ("Run `python benchmarks/throughput.py --frobnicate 3`.", "throughput.py has no option --frobnicate"),
    ("Run `python benchmarks/missing.py`.", "no such script"),
    ("Use `kgraph build --out DIR` and `--update`; `kgraph serve --port 0`.", None),
    ("```bash\nkgraph build in/ --out o  # today's articles\nkgraph query o 'SELECT ?x { ?x --a ?y }' -f q.rq\n```",
     None),
    ("Measured with `python ../elsewhere/eval.py dev --glob 'x'` and `--glob 'y'`.", None),
    ("Run `pytest --runslow` for the slow tests.", None),
])
def test_docs_command_check_finds_what_is_wrong(markdown: str, problem: str | None) -> None:
    _, problems = quoted_command_problems(markdown)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


# ---------------------------------------------------------------------------------------------- links
def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r" ", "-", re.sub(r"[^\w\- ]", "", text))


def anchors(text: str) -> set[str]:
    """The anchors of the headings of a Markdown text (outside code blocks)."""
    fence = False
    found = set()
    for line in text.splitlines():
        if re.match(r"\s*(```|~~~)", line):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            found.add(_slug(line.lstrip("#")))
    return found


def link_problems(text: str, *, folder: Path) -> list[str]:
    """The relative links (and images) of a Markdown text, read in ``folder``, whose file is missing, or whose
    ``#anchor`` is not a heading of the Markdown file it names."""
    targets: list[str] = []
    for _, paragraph in read_page(text).paragraphs:
        prose = re.sub(r"(`+).+?\1", "", paragraph)
        targets += re.findall(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", prose)
        targets += re.findall(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", prose)
        targets += re.findall(r"(?:href|src)=\"([^\"]+)\"", prose)
    problems = []
    for target in targets:
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
            continue  # https:, mailto: ...
        file, _, anchor = target.partition("#")
        path = (folder / file).resolve()
        if file and not path.exists():
            problems.append(f"{target}: no such file")
        elif anchor and (not file or path.suffix == ".md"):
            headings = anchors(path.read_text(encoding="utf-8") if file else text)
            if anchor not in headings:
                problems.append(f"{target}: no heading #{anchor}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_relative_links_point_at_files(page: Path) -> None:
    problems = link_problems(page.read_text(encoding="utf-8"), folder=page.parent)
    assert not problems, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("markdown", "bad"), [
    ("See [the page](missing.md).", ["missing.md: no such file"]),
    ("![shot](docs/nope.png) and [ok](README.md) and [web](https://example.org/x.md)", ["docs/nope.png: no such file"]),
    ("[crash](docs/robustness.md#crash-safe-output) [gone](docs/robustness.md#no-such-part)",
     ["docs/robustness.md#no-such-part: no heading #no-such-part"]),
    ("# Top part\n\nSee [above](#top-part) and [nowhere](#bottom).", ["#bottom: no heading #bottom"]),
    ("Code is not a link: `[x](nowhere.md)`.", []),
])
def test_docs_link_check_finds_missing_files(markdown: str, bad: list[str]) -> None:
    assert link_problems(markdown, folder=ROOT) == bad


# ---------------------------------------------------------------------------------------------- README
def test_docs_readme_is_a_front_page() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines: move details to docs/"
    for page in PAGES[1:]:
        if page.parent.name == "docs":
            assert f"(docs/{page.name})" in "\n".join(lines), f"README does not link docs/{page.name}"

"""docs/cli.md is generated from the commands' --help; this test fails when they drift apart.

Regenerate with:  python tests/test_cli_docs.py
"""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    from kgraph.cli import cli

    parts = ["# The `kgraph` command\n\n",
             "Generated from `kgraph COMMAND --help` by `python tests/test_cli_docs.py`; do not edit by hand.\n"]
    width = {"terminal_width": 100, "max_content_width": 100}
    ctx = cli.make_context("kgraph", [], resilient_parsing=True, **width)
    parts.append(f"\n## kgraph\n\n```\n{cli.get_help(ctx)}\n```\n")
    for name in sorted(cli.list_commands(ctx)):
        cmd = cli.get_command(ctx, name)
        assert cmd is not None
        sub = cmd.make_context(name, [], parent=ctx, resilient_parsing=True, **{**width, **cmd.context_settings})
        parts.append(f"\n## kgraph {name}\n\n```\n{cmd.get_help(sub)}\n```\n")
    return "".join(parts)


def test_cli_docs_match_help() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "docs/cli.md is stale: run python tests/test_cli_docs.py"


if __name__ == "__main__":
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")

"""The command line and its documentation agree with the settings."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from worker import config
from worker.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_every_setting() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for env, _, _ in config.describe():
        assert env in result.output


def test_command_options_name_their_environment_variable() -> None:
    result = CliRunner().invoke(main, ["worker", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # click wraps long help lines
    assert "[env: EVENTWIRE_BROKER_URL]" in text
    assert "[env: EVENTWIRE_PROCESSES]" in text


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    for env, _, _ in config.describe():
        assert f"`{env}`" in readme, env


def test_environment_overrides_defaults(monkeypatch) -> None:
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "32")
    monkeypatch.setenv("EVENTWIRE_LANGUAGES", '["en", "fr"]')
    settings = config.load()
    assert settings.batch_size == 32
    assert settings.languages == ("en", "fr")
    assert settings.with_overrides(batch_size=8, model=None).batch_size == 8


def test_enrich_command_writes_records_and_rejects(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"id": "a", "body": "Police arrested 12 protesters in Lagos on Monday."}\n{broken\n')
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(main, ["enrich", str(feed), "-o", str(out), "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [r["article"]["id"] for r in records] == ["a"]
    rejected = [orjson.loads(line) for line in rejects.read_bytes().splitlines()]
    assert [r["reason"] for r in rejected] == ["not_json"]
    assert rejected[0]["input"] == "{broken"

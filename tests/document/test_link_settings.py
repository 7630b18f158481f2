"""Which settings turn the document links on, and which key signs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from bot.document.links import BadToken, document_links, link_key, make_token, read_token

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def _from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env(tmp_path / "no.env")


def test_public_url_and_the_secret_come_from_the_environment(monkeypatch, tmp_path):
    settings = _from_env(monkeypatch, tmp_path, PUBLIC_URL="https://coach.example.com/ ",
                         COACH_DOCUMENT_SECRET="s3cret")
    assert (settings.public_url, settings.document_secret) == ("https://coach.example.com", "s3cret")


def test_a_public_url_without_its_scheme_names_the_variable(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match=r"PUBLIC_URL must be .* starting with https://, not 'coach\.example\.com'"):
        _from_env(monkeypatch, tmp_path, PUBLIC_URL="coach.example.com")


def test_without_its_own_secret_the_key_is_derived_from_slacks_and_is_not_that_secret():
    key = link_key(Settings(slack_signing_secret="slack-signing"))
    assert key is not None and b"slack-signing" not in key
    assert key == link_key(Settings(slack_signing_secret="slack-signing", microsoft_app_password="teams"))
    assert key != link_key(Settings(microsoft_app_password="teams"))


def test_a_secret_of_its_own_wins_over_the_derived_key():
    assert link_key(Settings(document_secret="own", slack_signing_secret="slack")) == b"own"


def test_a_new_secret_ends_every_link_made_with_the_old_one():
    token = make_token(b"old", 7, NOW + timedelta(days=45))
    assert read_token(b"old", token, NOW) == 7
    with pytest.raises(BadToken, match="signature"):
        read_token(b"new", token, NOW)


def test_an_expired_token_still_says_whose_it_was():
    token = make_token(b"key", 7, NOW)
    with pytest.raises(BadToken) as refused:
        read_token(b"key", token, NOW)
    assert (refused.value.expired, refused.value.team_id) == (True, 7)


def test_links_need_the_public_address():
    assert document_links(Settings(document_secret="s"), lambda: NOW) is None


def test_a_public_address_without_any_secret_keeps_the_document_command_and_says_why(caplog):
    assert document_links(Settings(public_url="https://coach.example.com"), lambda: NOW) is None
    assert "no secret signs document links" in caplog.text


def test_a_link_names_the_public_address_the_team_and_its_expiry():
    links = document_links(Settings(public_url="https://coach.example.com/", document_secret="s"), lambda: NOW)
    assert links is not None
    url = links.url_for(42)
    assert url.startswith(f"https://coach.example.com/documents/42.{int((NOW + timedelta(days=45)).timestamp())}.")
    assert links.url_for(42, "docx") == url + "?format=docx"

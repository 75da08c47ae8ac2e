"""Tests of alerts/subscriptions.py: profiles from YAML and the CLI, checked against the warehouse, upserted by
name; malformed files name the entry and field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from alerts.exceptions import BadSubscription, UnknownSubscription
from alerts.subscriptions import (
    SubscriptionConfig,
    interests_of,
    list_subscriptions,
    load_subscriptions,
    read_subscriptions,
    remove_subscription,
    save_subscription,
)
from cli.app import app
from warehouse.models import SubscriptionInterest

YAML = """\
subscriptions:
  - name: Vakacademie
    email: opleidingen@vakacademie.example
    skills: [llo:wondzorg, Excel]
    regions: [AM18, Eindhoven, RG-BRAINPORT]
    sectors: [q]
  - name: Zorgschool
    webhook: https://hooks.example/zorgschool
    skill_groups: [zorg]
    education_levels: [MBO 4]
    digest: weekly
"""


def test_a_file_is_loaded_with_interests_as_codes_and_loading_again_changes_nothing(warehouse, tmp_path):
    path = tmp_path / "abonnees.yaml"
    path.write_text(YAML, encoding="utf-8")
    for _ in range(2):
        with warehouse.begin() as session:
            load_subscriptions(session, path)
    with warehouse() as session:
        vak, zorg = list_subscriptions(session)
        assert session.scalar(select(func.count()).select_from(SubscriptionInterest)) == 9
    assert (vak.name, vak.email, vak.digest) == ("Vakacademie", "opleidingen@vakacademie.example", None)
    assert interests_of(vak, "skill") == {"llo:wondzorg", "llo:excel"}  # ids and labels
    assert interests_of(vak, "region") == {"AM18", "GM0772", "RG-BRAINPORT"}  # a gemeente by name
    assert interests_of(vak, "sector") == {"Q"}
    assert interests_of(zorg, "region") == {"NL"}  # no regions named: the country
    assert (zorg.webhook_url, zorg.digest, interests_of(zorg, "education_level")) == (
        "https://hooks.example/zorgschool", "weekly", {"MBO 4"},
    )  # fmt: skip


def test_saving_a_name_again_replaces_its_channels_and_interests(warehouse):
    with warehouse.begin() as session:
        save_subscription(session, SubscriptionConfig(name="Vakacademie", email="a@x.nl", skills=["wondzorg"]))
        save_subscription(session, SubscriptionConfig(name="Vakacademie", file="out.jsonl", sectors=["F"]))
    with warehouse() as session:
        (only,) = list_subscriptions(session)
    assert (only.email, only.file_path) == (None, "out.jsonl")
    assert {(i.kind, i.value) for i in only.interests} == {("sector", "F"), ("region", "NL")}


def test_removing_a_subscription(warehouse):
    with warehouse.begin() as session:
        save_subscription(session, SubscriptionConfig(name="Vakacademie", email="a@x.nl"))
    with warehouse.begin() as session:
        remove_subscription(session, "Vakacademie")
        assert list_subscriptions(session) == []
        with pytest.raises(UnknownSubscription, match="No subscription named 'Vakacademie'"):
            remove_subscription(session, "Vakacademie")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("subscriptions:\n  - {name: A, email: a@x.nl}\n  - {name: B}\n",
         r"entry 2 \(B\): \(entry\): Value error, give at least one channel"),
        ("subscriptions:\n  - {name: A, email: geen-adres}\n", r"entry 1 \(A\): email: String should match"),
        ("subscriptions:\n  - {name: A, email: a@x.nl, regions: AM18}\n", r"entry 1 \(A\): regions: .*valid list"),
        ("subscriptions:\n  - {name: A, email: a@x.nl, sector: [Q]}\n", r"entry 1 \(A\): sector: Extra inputs"),
        ("subscriptions:\n  - {name: A, email: a@x.nl, digest: daily}\n", r"entry 1 \(A\): digest: Input should be"),
        ("subscriptions:\n  - {email: a@x.nl}\n", r"entry 1: name: Field required"),
        ("subscriptions:\n  - {name: A, email: a@x.nl}\n  - {name: A, file: a.txt}\n", r"entry 2 \(A\): name: given"),
        ("subscriptions: [\n", r"not valid YAML"),
    ],
)  # fmt: skip
def test_malformed_files_name_the_entry_and_field(tmp_path, text, message):
    path = tmp_path / "abonnees.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadSubscription, match=message):
        read_subscriptions(path)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("regions", ["Atlantis"], "regions: unknown region 'Atlantis'"),
        ("skills", ["llo:onbekend"], "skills: unknown skill 'llo:onbekend'"),
        ("skill_groups", ["sterrenkunde"], "skill_groups: unknown skill group 'sterrenkunde'"),
        ("sectors", ["*"], "sectors: unknown sector '\\*'"),
        ("education_levels", ["MBO 9"], "education_levels: unknown education level 'MBO 9'"),
    ],
)
def test_unknown_interests_name_the_entry_and_field(warehouse, tmp_path, field, value, message):
    path = tmp_path / "abonnees.yaml"
    path.write_text(f"subscriptions:\n  - {{name: A, email: a@x.nl}}\n  - {{name: B, file: b.txt, {field}: {value}}}\n")
    with warehouse.begin() as session, pytest.raises(BadSubscription, match=rf"entry 2 \(B\): {message}"):
        load_subscriptions(session, path)


def test_cli_add_list_load_and_remove(warehouse, warehouse_url, tmp_path):
    runner = CliRunner()
    db = ["--db", warehouse_url]
    result = runner.invoke(app, ["subscribe", "add", "Vakacademie", "--email", "a@x.nl", "--skill", "wondzorg",
                                 "--region", "AM18", "--weekly", *db])  # fmt: skip
    assert result.exit_code == 0, result.output
    path = tmp_path / "abonnees.yaml"
    path.write_text("subscriptions:\n  - {name: Zorgschool, file: zorg.txt, skill_types: [skill]}\n")
    assert runner.invoke(app, ["subscribe", "load", str(path), *db]).exit_code == 0
    listing = runner.invoke(app, ["subscribe", "list", *db]).output
    assert "Vakacademie" in listing and "llo:wondzorg" in listing and "weekly" in listing and "Zorgschool" in listing
    assert runner.invoke(app, ["subscribe", "remove", "Vakacademie", *db]).exit_code == 0
    assert "Vakacademie" not in runner.invoke(app, ["subscribe", "list", *db]).output
    bad = runner.invoke(app, ["subscribe", "add", "X", "--email", "geen-adres", *db])
    assert isinstance(bad.exception, Exception) and "Subscription 'X': email" in str(bad.exception)

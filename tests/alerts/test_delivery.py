"""Tests of alerts/delivery.py and alerts/channels/: real deliveries to an aiosmtpd server, an HTTP receiver and
files on 127.0.0.1; failures recorded and retried; no message sent twice; weekly digests; the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from alerts.channels.file import append_to_file
from alerts.delivery import deliver_pending
from alerts.messages import FIELD_LIMIT, alert_message
from alerts.rules import evaluate
from alerts.subscriptions import SubscriptionConfig, save_subscription
from cli import common as cli
from cli.app import app
from warehouse.models import Alert, AlertDelivery, Subscription

from .conftest import RULE, channel_config

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def subscribe(gaps, **fields) -> None:
    with gaps.sessions.begin() as session:  # the test's webhook receiver runs on 127.0.0.1
        save_subscription(session, SubscriptionConfig(name="Vakacademie", **fields), allow_private_webhooks=True)


def evaluate_and_deliver(gaps, config, now=NOW):
    with gaps.sessions.begin() as session:
        evaluate(session, RULE, now)
    return deliver_pending(gaps.sessions, config, now)


def deliveries(gaps) -> dict[str, AlertDelivery]:
    with gaps.sessions() as session:
        return {d.channel: d for d in session.scalars(select(AlertDelivery))}


def states(gaps) -> list[str]:
    with gaps.sessions() as session:
        return list(session.scalars(select(Alert.state).order_by(Alert.id)))


def test_each_channel_delivers_once_and_re_runs_send_nothing_again(gaps, smtp_server, webhook, tmp_path):
    smtp_server.start()
    text_file, lines_file = tmp_path / "alerts.txt", tmp_path / "alerts.jsonl"
    subscribe(gaps, email="opleidingen@vakacademie.example", webhook=webhook.url, file=str(text_file),
              regions=["AM18"])  # fmt: skip
    with gaps.sessions.begin() as session:
        save_subscription(session, SubscriptionConfig(name="Zorgschool", file=str(lines_file), regions=["AM18"]))
    config = channel_config(smtp_server.port)
    run = evaluate_and_deliver(gaps, config)
    assert (run.delivered, run.failed, run.alerts_sent) == (4, 0, 2)
    for _ in range(2):
        again = evaluate_and_deliver(gaps, config)
        assert (again.delivered, again.failed) == (0, 0)
    assert states(gaps) == ["sent", "sent"]

    (mail,) = smtp_server.messages
    assert mail["To"] == "opleidingen@vakacademie.example" and mail["From"] == "radar@llo.example"
    assert mail["Subject"] == "LLO Radar: tekort aan wondzorg in Groot Amsterdam"
    body = mail.get_content()
    assert "Beste Vakacademie," in body and "Verhouding: 6,0 vacatures per opleiding (95%-interval" in body
    (posted,) = webhook.bodies
    assert posted["subscriber"] == "Vakacademie" and posted["subject"] == mail["Subject"]
    assert posted["alerts"][0]["region_code"] == "AM18" and len(posted["alerts"][0]["vacancies"]) == 3
    assert text_file.read_text(encoding="utf-8").count("Vaardigheid: wondzorg") == 1
    (line,) = lines_file.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["subscriber"] == "Zorgschool" and record["alerts"][0]["own_offers"] == 1  # its online offer
    assert "waarvan 1 van u; ook van Vakacademie" in record["text"]


def test_failed_deliveries_are_recorded_without_secrets_and_retried_on_the_next_run(
    gaps, smtp_server, webhook, tmp_path, caplog
):
    text_file = tmp_path / "alerts.txt"
    subscribe(gaps, email="opleidingen@vakacademie.example", webhook=webhook.url, file=str(text_file),
              regions=["AM18"])  # fmt: skip
    webhook.status = 500
    config = channel_config(smtp_server.port, password="zeer-geheim-wachtwoord")  # server not started
    with caplog.at_level(logging.WARNING, logger="alerts.delivery"):
        run = evaluate_and_deliver(gaps, config)
    assert (run.delivered, run.failed, run.alerts_sent) == (1, 2, 0)
    assert states(gaps) == ["new"]
    failed = deliveries(gaps)
    assert failed["email"].attempts == 1 and "ConnectionRefusedError" in failed["email"].last_error
    assert failed["webhook"].last_error == "webhook answered HTTP 500 Internal Server Error"
    assert failed["file"].delivered_at is not None and failed["file"].last_error is None
    recorded = caplog.text + " ".join(run.failures) + " ".join(d.last_error or "" for d in failed.values())
    assert "zeer-geheim-wachtwoord" not in recorded and "geheim-token" not in recorded

    smtp_server.start()
    webhook.status = 200
    retry = deliver_pending(gaps.sessions, channel_config(smtp_server.port), NOW)
    assert (retry.delivered, retry.failed, retry.alerts_sent) == (2, 0, 1)
    assert states(gaps) == ["sent"]
    recovered = deliveries(gaps)
    assert (recovered["email"].attempts, recovered["email"].last_error) == (2, None)
    assert recovered["file"].attempts == 1  # delivered the first time: not written again
    assert len(smtp_server.messages) == 1 and len(webhook.bodies) == 1
    assert text_file.read_text(encoding="utf-8").count("Vaardigheid: wondzorg") == 1


def test_smtp_login_failure_never_records_the_password(gaps, smtp_server, caplog):
    smtp_server.start()  # offers no AUTH: the login fails
    subscribe(gaps, email="opleidingen@vakacademie.example", regions=["AM18"])
    with caplog.at_level(logging.WARNING, logger="alerts.delivery"):
        run = evaluate_and_deliver(gaps, channel_config(smtp_server.port, password="zeer-geheim-wachtwoord"))
    assert run.failed == 1 and "SMTP" in deliveries(gaps)["email"].last_error
    assert "zeer-geheim-wachtwoord" not in caplog.text + deliveries(gaps)["email"].last_error


def test_a_worse_gap_is_delivered_again(gaps, tmp_path):
    text_file = tmp_path / "alerts.txt"
    subscribe(gaps, file=str(text_file), regions=["AM18"])
    config = channel_config(1)
    evaluate_and_deliver(gaps, config)
    gaps.add_vacancies(3)
    run = evaluate_and_deliver(gaps, config)
    assert (run.delivered, run.alerts_sent) == (1, 1)
    text = text_file.read_text(encoding="utf-8")
    assert "Vraag: 12 vacatures" in text and "Vraag: 15 vacatures" in text


def test_a_weekly_digest_bundles_alerts_and_waits_a_week(gaps, smtp_server):
    smtp_server.start()
    subscribe(gaps, email="opleidingen@vakacademie.example", regions=["AM18", "NL"], digest="weekly")
    config = channel_config(smtp_server.port)
    run = evaluate_and_deliver(gaps, config)
    assert (run.delivered, run.alerts_sent) == (1, 2)
    (digest,) = smtp_server.messages
    assert digest["Subject"] == "LLO Radar: 2 tekorten deze week"
    body = digest.get_content()
    assert "1. wondzorg in Groot Amsterdam" in body and "2. wondzorg in Nederland" in body
    gaps.add_vacancies(3)
    assert evaluate_and_deliver(gaps, config, NOW + dt.timedelta(days=1)).delivered == 0  # not a week yet
    assert states(gaps) == ["new", "new"]
    assert evaluate_and_deliver(gaps, config, NOW + dt.timedelta(days=7)).delivered == 1
    assert len(smtp_server.messages) == 2 and states(gaps) == ["sent", "sent"]


def test_cli_send_list_ack_and_mute(gaps, warehouse_url, tmp_path):
    runner = CliRunner()
    db = ["--db", warehouse_url]
    lines_file = tmp_path / "alerts.jsonl"
    subscribe(gaps, file=str(lines_file), regions=["AM18", "NL"])
    env = {"LLO_RADAR_ALERT_MIN_DEMAND": "5", "LLO_RADAR_ALERT_MIN_GAP": "3"}
    sent = runner.invoke(app, ["alerts", "send", *db], env=env)
    assert sent.exit_code == 0, sent.output
    assert "Alerts for 2026-11: 2 new" in sent.output and "Messages delivered: 2, failed: 0" in sent.output
    assert len(lines_file.read_text(encoding="utf-8").splitlines()) == 2
    ids = sorted(json.loads(line)["alerts"][0]["id"] for line in lines_file.read_text().splitlines())
    listing = runner.invoke(app, ["alerts", "list", "--state", "sent", *db]).output
    assert all(f"│ {id_} " in listing for id_ in ids)
    assert not any(f"│ {id_} " in runner.invoke(app, ["alerts", "list", "--state", "muted", *db]).output for id_ in ids)
    assert runner.invoke(app, ["alerts", "ack", str(ids[0]), *db]).exit_code == 0
    assert runner.invoke(app, ["alerts", "mute", str(ids[1]), *db]).exit_code == 0
    assert states(gaps) == ["acknowledged", "muted"]
    again = runner.invoke(app, ["alerts", "send", *db], env=env)
    assert "1 unchanged (not sent again)" in again.output and "Messages delivered: 0" in again.output
    missing = runner.invoke(app, ["alerts", "ack", "999999", *db])
    assert missing.exit_code == 1 and "No alert with id 999999" in str(missing.exception)


def test_messages_link_to_the_opleiders_factsheet_on_the_dashboard(gaps, tmp_path):
    text_file, lines_file = tmp_path / "alerts.txt", tmp_path / "alerts.jsonl"
    subscribe(gaps, file=str(text_file), regions=["AM18"])
    with gaps.sessions.begin() as session:
        save_subscription(session, SubscriptionConfig(name="Zorg & Co", file=str(lines_file), regions=["AM18"]))
        evaluate(session, RULE, NOW)
    deliver_pending(gaps.sessions, channel_config(1), NOW, dashboard_url="https://radar.example.nl/")
    link = "Uw factsheet, met alle tekorten die u aangaan en wat het bewijs zegt: "
    assert link + "https://radar.example.nl/factsheets/providers/Vakacademie\n" in text_file.read_text("utf-8")
    record = json.loads(lines_file.read_text(encoding="utf-8"))
    assert record["factsheet"] == "https://radar.example.nl/factsheets/providers/Zorg%20%26%20Co"
    assert link in record["alerts"][0]["text"]


def test_a_webhook_to_a_private_address_is_refused_unless_allowed(gaps, warehouse_url):
    runner = CliRunner()
    add = ["subscribe", "add", "Vakacademie", "--webhook", "http://169.254.169.254/latest/meta-data", "--db",
           warehouse_url]  # fmt: skip
    refused = runner.invoke(app, add)
    assert refused.exit_code == 1
    assert "a webhook may not go to 169.254.169.254, a private, loopback, link-local or reserved address" in str(
        refused.exception
    )
    allowed = runner.invoke(app, add, env={"LLO_RADAR_WEBHOOK_ALLOW_PRIVATE": "true"})
    assert allowed.exit_code == 0, allowed.output


def test_a_webhook_never_follows_a_redirect_nor_reaches_a_private_host_by_its_name(gaps, webhook):
    subscribe(gaps, webhook=webhook.url, regions=["AM18"])
    webhook.status, webhook.location = 302, "http://169.254.169.254/latest/meta-data"
    evaluate_and_deliver(gaps, channel_config(1))
    redirect = "webhook answered HTTP 302 (a redirect; redirects are not followed)"
    assert deliveries(gaps)["webhook"].last_error == redirect

    webhook.status, webhook.location = 200, None
    host = socket.gethostname()  # a name that resolves to an address of this machine, never a public one
    try:
        address = socket.gethostbyname(host)
    except OSError:
        pytest.skip(f"this machine's name {host} does not resolve")
    with gaps.sessions.begin() as session:
        session.get_one(Subscription, 1).webhook_url = webhook.url.replace("127.0.0.1", host)
    private = dataclasses.replace(channel_config(1), webhook_allow_private=False)
    evaluate_and_deliver(gaps, private)
    assert deliveries(gaps)["webhook"].last_error.startswith(f"webhook refused: a webhook may not go to {address}")
    assert webhook.bodies == []


def test_what_a_remote_server_says_is_printed_as_text(gaps, webhook, warehouse_url, monkeypatch):
    monkeypatch.setattr(cli.console, "_width", 300)  # wide enough for the delivery column; undone to no fixed width
    runner = CliRunner()
    subscribe(gaps, webhook=webhook.url, regions=["AM18"])
    webhook.status, webhook.reason = 500, "[/] kapot [bold]\x1b[2J"
    env = {"LLO_RADAR_ALERT_MIN_DEMAND": "5", "LLO_RADAR_ALERT_MIN_GAP": "3", "LLO_RADAR_WEBHOOK_ALLOW_PRIVATE": "true"}
    sent = runner.invoke(app, ["alerts", "send", "--db", warehouse_url], env=env)
    assert sent.exit_code == 0, sent.exception
    assert "webhook answered HTTP 500 [/] kapot [bold]" in " ".join(sent.output.split()) and "\x1b" not in sent.output
    listing = runner.invoke(app, ["alerts", "list", "--db", warehouse_url])
    assert listing.exit_code == 0 and "[/] kapot" in listing.output and "\x1b" not in listing.output


def test_two_sends_at_once_deliver_each_alert_once(gaps, webhook, warehouse_url):
    subscribe(gaps, webhook=webhook.url, regions=["AM18"])
    webhook.answer.clear()  # the first send is still delivering when the second starts
    env = {**os.environ, "LLO_RADAR_ALERT_MIN_DEMAND": "5", "LLO_RADAR_ALERT_MIN_GAP": "3",
           "LLO_RADAR_WEBHOOK_ALLOW_PRIVATE": "true", "LLO_RADAR_ALERT_TIMEOUT": "300"}  # fmt: skip
    command = [str(Path(sys.executable).parent / "llo-radar"), "alerts", "send", "--db", warehouse_url]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert webhook.received.wait(timeout=120)
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    finally:
        webhook.answer.set()
        output, _ = first.communicate(timeout=120)
    assert first.returncode == 0 and "Messages delivered: 1, failed: 0" in output
    assert second.returncode == 1 and "Another run of 'alerts' is working on the warehouse" in second.stderr
    assert len(webhook.bodies) == 1 and states(gaps) == ["sent"]


def test_a_message_shows_each_outside_field_on_one_clean_bounded_line(gaps, tmp_path):
    subscribe(gaps, file=str(tmp_path / "alerts.txt"), regions=["AM18"])
    evaluate_and_deliver(gaps, channel_config(1))
    with gaps.sessions() as session:
        alert = session.scalars(select(Alert)).one()
    huge = {
        "title": "Kok\x1b[2J\r\nBcc: iedereen@example.org",
        "employer": "Zorg " * 200_000,
        "url": "https://x.example/1",
    }
    alert.vacancies = [huge]
    alert.skill = "wondzorg\x1b]0;gehackt\x07"

    message = alert_message(alert, "Vakacademie")
    append_to_file(message, str(tmp_path / "lang.txt"), channel_config(1))

    written = (tmp_path / "lang.txt").read_text(encoding="utf-8")
    assert len(written) < 5_000 and not any(control in written for control in ("\x1b", "\x07", "\r"))
    assert "- Kok Bcc: iedereen@example.org (Zorg Zorg" in written  # one line: no header smuggled into a mail
    assert message.subject == "LLO Radar: tekort aan wondzorg in Groot Amsterdam"
    assert len(message.payload["alerts"][0]["vacancies"][0]["employer"]) <= FIELD_LIMIT

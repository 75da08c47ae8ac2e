"""Fixtures of the alerts tests: a warehouse with a published shortage, and real local receivers (an aiosmtpd
SMTP server and an HTTP server for webhooks) on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelConfig
from alerts.rules import AlertRule
from crawlers.items import VacancyItem
from nlp.extract import AnalysedRecord
from nlp.types import TextAnalysis
from warehouse.dedupe import deduplicate
from warehouse.indicators.skill_gap import DEFAULT_LEVELS, recompute_skill_gap
from warehouse.load import load_records, register_source
from warehouse.periods import parse_period

from ..postgres import free_port
from ..records import mention, offer, source_config

RULE = AlertRule(period_kind="month", min_demand=5, min_gap=3, min_growth=0.0, min_ratio_low=1.0)
PLACES = ["Amsterdam", "Amstelveen", "Diemen", "Aalsmeer"]  # all in Groot Amsterdam (AM18)
EMPLOYERS = ["Amstelland", "Zonnehuis", "Cordaan", "Vivium", "Amsta", "Evean", "Buurtzorg", "Osira", "Zorgbalans",
             "Sensire", "Brentano", "Rivas", "Laurens", "Aafje", "Careyn", "Vitalis", "Omring"]  # fmt: skip


def vacancy(number: int) -> AnalysedRecord:
    """A distinct care job in Groot Amsterdam asking for wondzorg (distinct texts: deduplication keeps them), first
    seen on 1 October and still open."""
    key = f"W{number:03d}"
    item = VacancyItem(
        source="bord", url=f"https://bord.example/vacature/{key}", source_id=key,
        title=f"Verpleegkundige {EMPLOYERS[number]}", employer=EMPLOYERS[number],
        description=f"{EMPLOYERS[number]} zoekt voor afdeling {number} een verpleegkundige met wondzorg.",
        place=PLACES[number % len(PLACES)], date_posted="2026-09-28", fetched_at="2026-10-01T10:00:00+00:00",
    )  # fmt: skip
    analysis = TextAnalysis(skills=[mention("llo:wondzorg", "wondzorg")], sector="Q", education_level="MBO 4")
    return AnalysedRecord(kind="vacancy", item=item, analysis=analysis, text_hash=key * 4)


class GapWarehouse:
    """A warehouse with a shortage of wondzorg in Groot Amsterdam; ``add_vacancies`` makes it worse."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        with self.sessions.begin() as session:
            self.board = register_source(session, source_config("bord", "vacancy"))
            academy = register_source(session, source_config("academie", "offer"))
        load_records(
            self.sessions,
            academy,
            [
                offer("O1", "classroom", ["Amstelveen"], ["llo:wondzorg"], provider="Vakacademie"),
                offer("O2", "online", [], ["llo:wondzorg"], provider="Zorgschool"),
            ],
        )
        self.vacancies = 0
        self.add_vacancies(12)

    def add_vacancies(self, count: int) -> None:
        """Load ``count`` more jobs, deduplicate and recompute November 2026."""
        records = [vacancy(number) for number in range(self.vacancies, self.vacancies + count)]
        self.vacancies += count
        load_records(self.sessions, self.board, records)
        with self.sessions.begin() as session:
            deduplicate(session)
            recompute_skill_gap(session, [parse_period("2026-11")], DEFAULT_LEVELS)


@pytest.fixture
def gaps(warehouse: sessionmaker[Session]) -> GapWarehouse:
    """12 jobs asking for wondzorg in Groot Amsterdam (sector Q, MBO 4) against 2 offers: one by Vakacademie in
    Amstelveen, one online by Zorgschool. The cells of AM18 and NL are published (12 + 2 >= 10)."""
    return GapWarehouse(warehouse)


class _Inbox:
    """aiosmtpd handler keeping every received mail."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1, started and stopped by the test."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = _Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on a free loopback port; not started: tests start it, or leave it down to fail."""
    server = SmtpServer()
    yield server
    server.stop()


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 recording JSON POSTs; answers ``status`` (set 500 to fail) with ``reason`` (the
    default phrase when None) and a ``Location`` header when given, once ``answer`` is set (clear it to keep a
    sender waiting); ``received`` is set at each request."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.status = 200
        self.reason: str | None = None
        self.location: str | None = None
        self.answer = threading.Event()
        self.answer.set()
        self.received = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.set()
                receiver.answer.wait(timeout=120)
                if receiver.status < 300:
                    receiver.bodies.append(json.loads(body))
                self.send_response(receiver.status, receiver.reason)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.end_headers()

            def log_message(self, *args) -> None:
                """Quiet: the test output is for failures."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook?token=geheim-token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def channel_config(smtp_port: int, password: str | None = None) -> ChannelConfig:
    from pydantic import SecretStr

    return ChannelConfig(
        smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_user="radar" if password else None,
        smtp_password=SecretStr(password) if password else None, smtp_from="radar@llo.example",
        smtp_starttls=False, alert_timeout=5.0, webhook_allow_private=True,  # the receivers run on 127.0.0.1
    )  # fmt: skip

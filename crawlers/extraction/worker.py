"""Page work out of the reactor's way: detail pages are parsed, and every fetched page is written to the page
archive, in a worker process while the crawl process goes on fetching, so a crawl uses a second core instead of
stalling its downloads on parsing and archiving.

The worker is forked when the spider is made, before the reactor has started any thread (a fork taken while
another thread holds a lock can leave the child waiting on it for ever; where a thread already runs, the work is done
in the crawl process). It talks to the crawl over a socket that the reactor's event loop reads, so no thread of the
crawl process waits for results and competes with the reactor for the interpreter (a process pool's result thread
did, and made the crawl slower than extracting in place). Fetches to archive go out as ``page_archive.Fetch`` and
come back as the archive's size after their record; pages to parse go out as (URL, status, body, encoding) and come
back as items; all in order.

A worker that dies fails the pages it was parsing with ``PageCrashed`` and loses no page of the archive: the crawl
process cuts the archive back to the last record the worker confirmed and writes the unconfirmed ones itself, in
their order. The work after that is done in the crawl process.

Settings read: ``LLO_RADAR_EXTRACTION_WORKER`` (default true; false does the work in the crawl process),
``LLO_RADAR_ARCHIVE_DIR`` (where the archive is written; none when unset). One worker: the crawl process and the
worker fill two cores.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from scrapy.http import HtmlResponse, TextResponse

from ..items import CourseOfferItem, VacancyItem
from ..page_archive import ArchiveWriter, Fetch, archive_size
from ..sources import SourceConfig
from . import extract_item

Page = tuple[str, int, bytes, str]
"""What the worker needs of a response: URL, status, body and the encoding the crawl decoded it with."""
Item = VacancyItem | CourseOfferItem
_LENGTH = struct.Struct("!I")
_ARCHIVE, _EXTRACT = 0, 1
"""Kinds of message to the worker."""


class PageCrashed(Exception):
    """The worker process died on a page (a crash in a parser, not an exception)."""


class PageWorker:
    """Extracts the items of ``source``'s detail pages and archives fetched pages to ``archive_dir``, in a forked
    worker (``in_worker``, where that is safe) or in the calling process."""

    def __init__(self, source: SourceConfig, *, in_worker: bool = True, archive_dir: Path | None = None) -> None:
        self.source = source
        self._archive_dir = archive_dir
        self._writer: ArchiveWriter | None = None
        forkable = in_worker and threading.active_count() == 1
        self._worker = _Worker(source, archive_dir, self._take_back_archive) if forkable else None

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id, if there is one."""
        return self._worker.pid if self._worker is not None else None

    @property
    def in_worker(self) -> bool:
        """Whether pages go to the worker now (not where it could not be forked, was not wanted or died)."""
        return self._worker is not None and not self._worker.dead

    def archive(self, fetch: Fetch) -> None:
        """Append ``fetch`` to the page archive (in the worker, or here once there is none)."""
        if self.in_worker:
            self._worker.archive(fetch)  # type: ignore[union-attr]
        else:
            self._archive_here().write(fetch)

    async def extract(self, response: TextResponse) -> Item:
        """The item on a detail page (``NoItemFound`` and the extraction's own errors are raised as they are)."""
        if self._worker is None or self._worker.dead:
            return extract_item(response, self.source)
        return await self._worker.extract((response.url, response.status, response.body, response.encoding))

    async def close(self) -> None:
        """Let the worker finish what it was sent, stop it and close the archive (the crawl is over)."""
        if self._worker is not None:
            await self._worker.close()
            self._worker = None
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _archive_here(self, truncate_at: int | None = None) -> ArchiveWriter:
        if self._archive_dir is None:
            raise RuntimeError("pages to archive, but no archive folder (LLO_RADAR_ARCHIVE_DIR) is set")
        if self._writer is None:
            self._writer = ArchiveWriter(self._archive_dir, truncate_at=truncate_at)
        return self._writer

    def _take_back_archive(self, confirmed_size: int, unconfirmed: list[Fetch]) -> None:
        """The worker died: keep the archive as far as it confirmed it and write the rest here."""
        writer = self._archive_here(truncate_at=confirmed_size)
        for fetch in unconfirmed:
            writer.write(fetch)


class _Worker:
    """A forked worker and the crawl's end of its socket; replies come back in the order messages went out."""

    def __init__(
        self, source: SourceConfig, archive_dir: Path | None, take_back: Callable[[int, list[Fetch]], None]
    ) -> None:
        self._confirmed_size = archive_size(archive_dir) if archive_dir is not None else 0
        ours, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:
            ours.close()
            code = 1
            try:
                _serve(theirs, source, archive_dir)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        self.dead = False
        self._take_back = take_back
        self._socket = ours
        self._pending: deque[asyncio.Future[Item] | Fetch] = deque()
        """Futures of pages being parsed, fetches not yet confirmed archived."""
        self._writer: asyncio.StreamWriter | None = None
        self._connected: asyncio.Task[asyncio.StreamWriter] | None = None
        self._outbox: list[bytes] = []
        """Messages to write at the end of this turn of the event loop."""
        self._sending = False

    def archive(self, fetch: Fetch) -> None:
        self._pending.append(fetch)
        self._send(_ARCHIVE, fetch)

    async def extract(self, page: Page) -> Item:
        future: asyncio.Future[Item] = asyncio.get_running_loop().create_future()
        self._pending.append(future)
        self._send(_EXTRACT, page)
        return await future

    def _send(self, kind: int, value: object) -> None:
        payload = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        self._outbox.append(_LENGTH.pack(len(payload)) + payload)
        if not self._sending:  # one write per turn of the event loop for all the messages of that turn
            self._sending = True
            loop = asyncio.get_running_loop()
            if self._connected is None:  # the first message: the event loop runs now, so the socket can join it
                self._connected = loop.create_task(self._connect())
            else:
                loop.call_soon(self._write_outbox)

    def _write_outbox(self) -> None:
        if self._writer is not None and self._outbox and not self.dead:
            self._writer.write(b"".join(self._outbox))
        self._outbox.clear()
        self._sending = False

    async def _connect(self) -> asyncio.StreamWriter:
        reader, writer = await asyncio.open_connection(sock=self._socket)
        self._writer = writer
        self._write_outbox()
        # Kept: the event loop holds only a weak reference to a task.
        self._reading = asyncio.get_running_loop().create_task(self._read_replies(reader))
        return writer

    async def _read_replies(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
                ok, value = pickle.loads(await reader.readexactly(length))
                entry = self._pending.popleft()
                if isinstance(entry, Fetch):
                    self._confirmed_size = value
                elif not entry.done():
                    entry.set_result(value) if ok else entry.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError):  # the worker is gone: done, or dead
            self._died()

    def _died(self) -> None:
        self.dead = True
        unconfirmed = []
        while self._pending:
            entry = self._pending.popleft()
            if isinstance(entry, Fetch):
                unconfirmed.append(entry)
            elif not entry.done():
                entry.set_exception(PageCrashed("the extraction process died on this page or one before it"))
        if unconfirmed:
            self._take_back(self._confirmed_size, unconfirmed)

    async def close(self) -> None:
        if self._connected is None:  # nothing was ever sent
            self._socket.shutdown(socket.SHUT_WR)
            self._socket.close()
        else:
            writer = await self._connected
            if not self.dead:
                self._write_outbox()
                writer.write_eof()  # once what is buffered has gone: the worker works to the end and exits
            await self._reading  # every reply read; what the worker did not confirm is taken back
            writer.close()
        os.waitpid(self.pid, 0)


def _serve(connection: socket.socket, source: SourceConfig, archive_dir: Path | None) -> None:
    """In the worker: archive or parse every message read from ``connection`` until the crawl closes it."""
    archive = ArchiveWriter(archive_dir) if archive_dir is not None else None
    stream = connection.makefile("rwb")
    while header := stream.read(_LENGTH.size):
        (length,) = _LENGTH.unpack(header)
        kind, value = pickle.loads(stream.read(length))
        if kind == _ARCHIVE:
            # An archive that cannot be written ends the worker: the crawl process takes the archive back.
            payload = pickle.dumps((True, archive.write(value)), protocol=pickle.HIGHEST_PROTOCOL)  # type: ignore[union-attr]
        else:
            payload = _extracted(value, source)
        stream.write(_LENGTH.pack(len(payload)) + payload)
        if kind == _EXTRACT:  # an item is awaited; confirmations can wait: one lost is written again
            stream.flush()
    stream.flush()


def _extracted(page: Page, source: SourceConfig) -> bytes:
    url, status, body, encoding = page
    try:
        item = extract_item(HtmlResponse(url, status=status, body=body, encoding=encoding), source)
        return pickle.dumps((True, item), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # NoItemFound and the extraction's own errors, raised in the crawl
        try:
            return pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot travel: its type and message do
            error = RuntimeError(f"{type(exc).__name__}: {exc}")
            return pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)

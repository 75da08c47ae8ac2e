"""Extraction out of the reactor's way: detail pages are parsed in a worker process while the crawl process goes
on fetching, so a crawl uses a second core instead of stalling its downloads on parsing.

The worker is forked when the spider is made, before the reactor has started any thread (a fork taken while
another thread holds a lock can leave the child waiting on it for ever; where a thread already runs, pages are
extracted in the crawl process). It talks to the crawl over a socket that the reactor's event loop reads, so no
thread of the crawl process waits for results and competes with the reactor for the interpreter (a process pool's
result thread did, and made the crawl slower than extracting in place). Pages go out as (URL, status, body,
encoding) and come back as items, in order. A worker that dies fails its pages with ``PageCrashed``; the pages
after them are extracted in the crawl process.

Settings read: ``LLO_RADAR_EXTRACTION_WORKER`` (default true; false extracts in the crawl process). One worker:
the crawl process and the worker fill two cores.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import struct
import threading
from collections import deque

from scrapy.http import HtmlResponse, TextResponse

from ..items import CourseOfferItem, VacancyItem
from ..sources import SourceConfig
from . import extract_item

Page = tuple[str, int, bytes, str]
"""What the worker needs of a response: URL, status, body and the encoding the crawl decoded it with."""
Item = VacancyItem | CourseOfferItem
_LENGTH = struct.Struct("!I")


class PageCrashed(Exception):
    """The worker process died on a page (a crash in a parser, not an exception)."""


class PageExtractor:
    """Extracts the items of ``source``'s detail pages in a forked worker (``in_worker``, where that is safe) or
    in the calling process."""

    def __init__(self, source: SourceConfig, *, in_worker: bool = True) -> None:
        self.source = source
        forkable = in_worker and threading.active_count() == 1
        self._worker = _Worker(source) if forkable else None

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id, if there is one."""
        return self._worker.pid if self._worker is not None else None

    @property
    def in_worker(self) -> bool:
        """Whether pages go to the worker now (not where it could not be forked, was not wanted or died)."""
        return self._worker is not None and not self._worker.dead

    async def extract(self, response: TextResponse) -> Item:
        """The item on a detail page (``NoItemFound`` and the extraction's own errors are raised as they are)."""
        if self._worker is None or self._worker.dead:
            return extract_item(response, self.source)
        return await self._worker.extract((response.url, response.status, response.body, response.encoding))

    def close(self) -> None:
        """Stop the worker (the crawl is over)."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None


class _Worker:
    """A forked worker and the crawl's end of its socket; results come back in the order pages went out."""

    def __init__(self, source: SourceConfig) -> None:
        ours, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:
            ours.close()
            try:
                _serve(theirs, source)
            finally:
                os._exit(0)
        theirs.close()
        self.dead = False
        self._socket = ours
        self._pending: deque[asyncio.Future[Item]] = deque()
        self._connected: asyncio.Task[asyncio.StreamWriter] | None = None

    async def extract(self, page: Page) -> Item:
        loop = asyncio.get_running_loop()
        if self._connected is None:  # the first page: the event loop runs now, so the socket can join it
            self._connected = loop.create_task(self._connect())
        writer = await self._connected
        future: asyncio.Future[Item] = loop.create_future()
        self._pending.append(future)
        payload = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        writer.write(_LENGTH.pack(len(payload)) + payload)
        return await future

    async def _connect(self) -> asyncio.StreamWriter:
        reader, writer = await asyncio.open_connection(sock=self._socket)
        # Kept: the event loop holds only a weak reference to a task.
        self._reading = asyncio.get_running_loop().create_task(self._read_results(reader))
        return writer

    async def _read_results(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
                ok, value = pickle.loads(await reader.readexactly(length))
                future = self._pending.popleft()
                if not future.done():
                    future.set_result(value) if ok else future.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError):
            self.dead = True
            while self._pending:
                future = self._pending.popleft()
                if not future.done():
                    future.set_exception(PageCrashed("the extraction process died on this page or one before it"))

    def close(self) -> None:
        # Shut down at once, not by the transport's close: that waits for an event loop turn, which a blocking
        # wait for the worker would never give it.
        if not self.dead:
            self._socket.shutdown(socket.SHUT_RDWR)
        os.waitpid(self.pid, 0)
        connected = self._connected
        if connected is not None and connected.done() and not connected.cancelled() and not connected.exception():
            connected.result().close()  # the transport closes the socket, once out of the event loop
        else:
            self._socket.close()


def _serve(connection: socket.socket, source: SourceConfig) -> None:
    """In the worker: extract the item of every page read from ``connection`` until the crawl closes it."""
    stream = connection.makefile("rwb")
    while header := stream.read(_LENGTH.size):
        (length,) = _LENGTH.unpack(header)
        url, status, body, encoding = pickle.loads(stream.read(length))
        try:
            item = extract_item(HtmlResponse(url, status=status, body=body, encoding=encoding), source)
            payload = pickle.dumps((True, item), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # NoItemFound and the extraction's own errors, raised in the crawl
            payload = _pickled_error(exc)
        stream.write(_LENGTH.pack(len(payload)) + payload)
        stream.flush()


def _pickled_error(exc: Exception) -> bytes:
    try:
        return pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot travel: its type and message do
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")), protocol=pickle.HIGHEST_PROTOCOL)

"""Importing a distributor's nightly feed file.

The file is stored first (with its checksum); the same file as the last import is recognised
and skipped. Rows are streamed into a staging table in batches, the run's counters updated as
it goes so staff watch it progress; a bad row is rejected with its line number and never stops
the file. Then one transaction writes what changed, marks what a full feed no longer lists as
unavailable, re-matches the written items to our SKUs and recomputes drop-shipping. A file
that cannot be read as a whole applies nothing.
"""

import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from distributors.feeds.files import csv_rows
from distributors.feeds.layouts import FeedRejected, layout_for
from distributors.feeds.values import RowRejected
from distributors.models import DistributorItem, Feed, FeedRun, FeedRunStatus, Warehouse
from distributors.services.availability import availability_recompute, items_match
from distributors.services.staging import (
    staged_count,
    staging_apply,
    staging_create,
    staging_drop,
    staging_index,
    staging_load,
)

R = FeedRunStatus
BATCH = 20_000
KEPT_REJECTIONS = 200
# A full feed far shorter than what we hold is more likely a cut download than a purge.
TRUNCATION_SHARE, TRUNCATION_FLOOR = 0.5, 100


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_start(feed: Feed, path: Path, file_name: str) -> FeedRun:
    """The run, with the file stored beside it before anything reads it."""
    run = FeedRun.objects.create(feed=feed, file_name=Path(file_name).name[:255],
                                 checksum=_checksum(path), size=path.stat().st_size)
    with path.open("rb") as handle:
        run.stored_file.save(run.file_name, File(handle), save=False)
    FeedRun.objects.filter(pk=run.pk).update(stored_file=run.stored_file.name)
    return run


def _finish(run: FeedRun, status: str, **values) -> FeedRun:
    values = {"status": status, "finished_at": timezone.now(), **values}
    FeedRun.objects.filter(pk=run.pk).update(**values)
    for name, value in values.items():
        setattr(run, name, value)
    return run


def _same_as_last(run: FeedRun) -> FeedRun | None:
    return FeedRun.objects.filter(feed=run.feed_id, status=R.SUCCEEDED).exclude(pk=run.pk) \
        .order_by("-started_at", "-id").first()


class _Warehouses:
    """Warehouse codes to ids; a code seen for the first time becomes a warehouse at once
    (with the default lead time), so that staged rows carry final ids."""

    def __init__(self, feed: Feed):
        self.feed = feed
        self.ids = dict(feed.distributor.warehouses.values_list("code", "id"))

    def id_for(self, code: str) -> int:
        known = self.ids.get(code)
        if known is None:
            warehouse, _ = Warehouse.objects.get_or_create(
                distributor=self.feed.distributor, code=code, defaults={"name": code})
            known = self.ids[code] = warehouse.pk
        return known

    def code_of(self, warehouse_id: int) -> str:
        return next(code for code, known in self.ids.items() if known == warehouse_id)


class _Staging:
    """Streams parsed rows into the staging table; keeps the counters and first rejections."""

    def __init__(self, run: FeedRun, warehouses: _Warehouses):
        self.run, self.warehouses = run, warehouses
        self.read, self.rejected, self.rejections = 0, 0, []

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append({"line": line, "reason": reason})

    def rows(self, parse, records: Iterator[list[str]]) -> Iterator[tuple]:
        for line, cells in enumerate(records, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            self.read += 1
            try:
                staged = parse(line, cells)
            except RowRejected as rejected:
                self.reject(line, str(rejected))
                continue
            for row in staged:
                yield (line, self.warehouses.id_for(row[1]), *row[2:])

    def load(self, staged: Iterator[tuple]) -> None:
        batch = []
        for row in staged:
            batch.append(row)
            if len(batch) >= BATCH:
                self._flush(batch)
        self._flush(batch)

    def _flush(self, batch: list[tuple]) -> None:
        # A transaction per batch: SQLite inserts row by row outside one, and staff see the
        # counters grow as each commits (the apply transaction comes later).
        with transaction.atomic():
            staging_load(batch)
            FeedRun.objects.filter(pk=self.run.pk).update(rows_read=self.read,
                                                          rejected=self.rejected)
        batch.clear()


def _stage(run: FeedRun, path: Path, feed: Feed) -> _Staging:
    staging = _Staging(run, _Warehouses(feed))
    with csv_rows(path) as records:
        header = next(records, None)
        if header is None:
            raise FeedRejected("The file is empty.")
        parse = layout_for(feed.layout, feed.column_map).bind(header)
        staging.load(staging.rows(parse, records))
    return staging


def _check_not_truncated(staged: int, held: int) -> None:
    if held > TRUNCATION_FLOOR and staged < held * TRUNCATION_SHARE:
        raise FeedRejected(
            f"The file lists {staged} items where {held} are held now; a full feed this short "
            "looks cut off, so nothing was applied. If it is right, import it as a partial "
            "feed (clear 'full feed' on the feed) or with --partial.")


def _apply(run: FeedRun, feed: Feed, staging: _Staging, full: bool) -> FeedRun:
    duplicates, first = staging_index(KEPT_REJECTIONS)
    for line, part, warehouse_id in first:
        staging.reject(line, f"part {part} in warehouse {staging.warehouses.code_of(warehouse_id)}"
                             " appears again later in the file; the later line is used")
    staging.rejected += duplicates - len(first)
    staged = staged_count()
    held = DistributorItem.objects.filter(warehouse__distributor=feed.distributor_id,
                                          is_available=True).count() if full else 0
    _check_not_truncated(staged, held)
    now = timezone.now()
    with transaction.atomic():
        # With nothing held, nothing can be missing: skip comparing the file with the table.
        applied = staging_apply(distributor_id=feed.distributor_id, now=now, full=held > 0)
        items_match(distributor_id=feed.distributor_id, touched_since=now)
        availability_recompute()
        return _finish(run, R.SUCCEEDED, rows_read=staging.read, rejected=staging.rejected,
                       rejections=staging.rejections, inserted=applied.inserted,
                       updated=applied.updated, marked_unavailable=applied.marked_unavailable,
                       unchanged=staged - applied.inserted - applied.updated)


def feed_import(*, feed: Feed, path: Path, file_name: str = "", full: bool | None = None,
                force: bool = False) -> FeedRun:
    """Import a local feed file; the run says how it ended (failures are not raised)."""
    run = run_start(feed, path, file_name or path.name)
    last = None if force else _same_as_last(run)
    if last is not None and last.checksum == run.checksum:
        return _finish(run, R.UNCHANGED, error=f"Same file as the import of "
                                               f"{last.started_at:%Y-%m-%d %H:%M}; nothing to do.")
    staging_create()
    try:
        staging = _stage(run, path, feed)
        return _apply(run, feed, staging, feed.is_full if full is None else full)
    except FeedRejected as rejected:
        return _finish(run, R.FAILED, error=str(rejected))
    finally:
        staging_drop()


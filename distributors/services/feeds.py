"""Importing a distributor's nightly feed file.

The file is stored first (with its checksum); the same file as the last import is recognised
and skipped. A bad row is rejected with its line number and never stops the file; a file that
cannot be read as a whole applies nothing. The run's counters grow as it goes, so staff watch
it progress. Three ways in, by what the distributor holds:

- Nothing yet (a first load): on PostgreSQL every row is copied straight into the item table
  in one COPY; on SQLite, and after a file listing a part twice, rows go through staging.
- Items already: each line's fingerprint is staged first; only the lines that no item holds
  any more are parsed and staged, then one transaction writes what changed and marks what a
  full feed no longer lists as unavailable.

Then the written items are matched to our SKUs and drop-shipping is recomputed.
"""

import csv
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from distributors.feeds.files import csv_records, feed_text, line_text, lines_records
from distributors.feeds.fingerprints import Fingerprints
from distributors.feeds.layouts import BoundLayout, FeedRejected, UnknownWarehouse, layout_for
from distributors.feeds.values import RowRejected
from distributors.models import DistributorItem, Feed, FeedRun, FeedRunStatus, Warehouse
from distributors.services.availability import availability_recompute, items_match
from distributors.services.staging import (
    PAUSE,
    items_analyze,
    items_load,
    lines_changed,
    lines_load,
    staged_behind_unchanged,
    staged_count,
    staging_apply,
    staging_create,
    staging_drop,
    staging_index,
    staging_load,
)
from distributors.services.staging import (
    TABLE as STAGED,
)

R = FeedRunStatus
BATCH = 20_000
KEPT_REJECTIONS = 200
# A full feed far shorter than what we hold is more likely a cut download than a purge.
TRUNCATION_SHARE, TRUNCATION_FLOOR = 0.5, 100
FEW_SHARE = 10  # staged rows this many times fewer than the items: joined by key


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

    def known(self, code: str) -> int:
        known = self.ids.get(code)
        if known is None:
            raise UnknownWarehouse(code)
        return known

    def code_of(self, warehouse_id: int) -> str:
        return next(code for code, known in self.ids.items() if known == warehouse_id)


@dataclass
class _Opened:
    """One pass over the file: its lines after the header, and how to read them."""

    lines: Iterator[str]
    delimiter: str
    parse: BoundLayout
    fingerprints: Fingerprints


@contextmanager
def _opened(path: Path, feed: Feed, warehouses: _Warehouses, blank: str | None
            ) -> Iterator[_Opened]:
    with feed_text(path) as text:
        header_line = line_text(next(text.lines, ""))
        header = next(csv.reader([header_line], delimiter=text.delimiter), [])
        parse = layout_for(feed.layout, feed.column_map).bind(header, warehouses, blank)
        yield _Opened(text.lines, text.delimiter, parse,
                      Fingerprints(feed, text.delimiter, header_line))


def _only(records: Iterator[tuple], wanted: Iterable[int]) -> Iterator[tuple]:
    """The records starting on the wanted lines (both in line order); stops after the last."""
    lines = iter(wanted)
    line = next(lines, None)
    for record in records:
        while line is not None and line < record[0]:
            line = next(lines, None)
        if line is None:
            return
        if line == record[0]:
            yield record


class _Staging:
    """Streams parsed rows to the database; keeps the counters and first rejections."""

    def __init__(self, run: FeedRun, warehouses: _Warehouses):
        self.run, self.warehouses = run, warehouses
        self.read, self.skipped, self.rejected, self.rejections = 0, 0, 0, []
        self.rows_per_line, self.compared = 1, False

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append({"line": line, "reason": reason})

    @property
    def rows_read(self) -> int:
        return self.read + self.skipped

    def rows(self, opened: _Opened, records: Iterator[tuple] | None = None,
             progress=None) -> Iterator[tuple]:
        """Staged rows of `records` (line, cells, text), by default all of the file's."""
        self.rows_per_line = opened.parse.rows_per_line
        if records is None:
            records = csv_records(opened.lines, opened.delimiter, first_line=2)
        parse, fingerprint = opened.parse, opened.fingerprints.of
        for line, cells, text in records:
            if not "".join(cells).strip():
                continue
            self.read += 1
            if progress is not None and not self.read % BATCH:
                progress(self)
            try:
                try:
                    staged = parse(line, cells, None if text is None else fingerprint(text))
                except UnknownWarehouse as new:
                    # Creating it needs the database: whoever consumes the rows lets go of
                    # it (ends a COPY) on PAUSE, before asking for the next row.
                    yield PAUSE
                    self.warehouses.id_for(new.code)
                    staged = parse(line, cells, None if text is None else fingerprint(text))
            except RowRejected as rejected:
                self.reject(line, str(rejected))
                continue
            yield from staged

    def load(self, staged: Iterator[tuple]) -> None:
        batch = []
        for row in staged:
            if row is PAUSE:  # batches are copied after they are parsed: nothing to let go of
                continue
            batch.append(row)
            if len(batch) >= BATCH:
                self._flush(batch)
        self._flush(batch)

    def _flush(self, batch: list[tuple]) -> None:
        # A transaction per batch: SQLite inserts row by row outside one, and staff see the
        # counters grow as each commits (the apply transaction comes later).
        with transaction.atomic():
            staging_load(batch)
            self.show()
        batch.clear()

    def show(self) -> None:
        FeedRun.objects.filter(pk=self.run.pk).update(rows_read=self.rows_read,
                                                      rejected=self.rejected)


class _SideProgress:
    """Counters written on a connection of their own, seen while the import's one transaction
    is still open."""

    def __init__(self):
        self.connection = connection.copy()

    def __call__(self, staging: _Staging) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("UPDATE distributors_feedrun SET rows_read = %s, rejected = %s "
                           "WHERE id = %s", [staging.rows_read, staging.rejected,
                                             staging.run.pk])

    def close(self) -> None:
        self.connection.close()


@dataclass
class _Lines:
    """What the fingerprint pass saw: the non-blank lines, and whether a quoted cell may run
    over a line break (then records are found by the CSV reader, not line by line)."""

    count: int = 0
    may_span: bool = False


def _fingerprints_stage(path: Path, feed: Feed, staging: _Staging) -> _Lines:
    """Stages (line, fingerprint) of every non-blank line."""
    seen, batch = _Lines(), []
    with _opened(path, feed, staging.warehouses, blank=None) as opened:
        staging.rows_per_line, fingerprints = opened.parse.rows_per_line, opened.fingerprints
        hashing, as_int = fingerprints.hashing, fingerprints.as_int
        for line, raw in enumerate(opened.lines, start=2):
            text = raw.rstrip("\r\n")  # as line_text and Fingerprints.of, inline: this runs
            if text.strip():         # for every line of the file
                hashed = hashing()
                hashed.update(text.encode())
                batch.append((line, as_int(hashed.digest(), "big", signed=True)))
                if '"' in text and text.count('"') % 2:
                    seen.may_span = True
                if len(batch) >= BATCH:
                    seen.count += len(batch)
                    lines_load(batch)
                    batch.clear()
        seen.count += len(batch)
        lines_load(batch)
    return seen


def _changed_stage(path: Path, feed: Feed, staging: _Staging) -> None:
    """Stages the rows of the lines no item holds; the others are counted as skipped."""
    seen = _fingerprints_stage(path, feed, staging)
    changed = lines_changed(staging.rows_per_line, feed.distributor_id)
    staging.compared = True
    staging.skipped = seen.count - len(changed)
    if changed:
        with _opened(path, feed, staging.warehouses, blank=None) as opened:
            records = (_only(csv_records(opened.lines, opened.delimiter, 2), changed)
                       if seen.may_span else lines_records(opened.lines, opened.delimiter, 2,
                                                           changed))
            staging.load(staging.rows(opened, records))
    staging.show()


def _everything_stage(path: Path, feed: Feed, staging: _Staging) -> None:
    with _opened(path, feed, staging.warehouses, blank=None) as opened:
        staging.load(staging.rows(opened))


def _check_not_truncated(staged: int, held: int) -> None:
    if held > TRUNCATION_FLOOR and staged < held * TRUNCATION_SHARE:
        raise FeedRejected(
            f"The file lists {staged} items where {held} are held now; a full feed this short "
            "looks cut off, so nothing was applied. If it is right, import it as a partial "
            "feed (clear 'full feed' on the feed) or with --partial.")


def _duplicates_report(staging: _Staging, few: bool) -> int:
    """Parts listed twice for a warehouse: the later line is used, the earlier reported.
    Returns how many staged rows went."""
    duplicates, first = staging_index(KEPT_REJECTIONS)
    if staging.compared:
        behind, first_behind = staged_behind_unchanged(KEPT_REJECTIONS, few)
        duplicates, first = duplicates + behind, sorted([*first, *first_behind])
    first = first[:KEPT_REJECTIONS]
    for line, part, warehouse_id in first:
        staging.reject(line, f"part {part} in warehouse {staging.warehouses.code_of(warehouse_id)}"
                             " appears again later in the file; the later line is used")
    staging.rejected += duplicates - len(first)
    return duplicates


def _apply(run: FeedRun, feed: Feed, staging: _Staging, full: bool, held: int) -> FeedRun:
    staged_rows = staged_count()
    staged_rows -= _duplicates_report(staging, few=staged_rows * FEW_SHARE < held)
    staged = staged_rows + staging.skipped * staging.rows_per_line
    _check_not_truncated(staged, held if full else 0)
    now = timezone.now()
    with transaction.atomic():
        # With nothing held, nothing can be missing: skip comparing the file with the table.
        applied = staging_apply(distributor_id=feed.distributor_id, now=now,
                                full=full and held > 0, compared=staging.compared,
                                few=staged_rows * FEW_SHARE < held)
        items_match(distributor_id=feed.distributor_id, keys_in=STAGED)
        availability_recompute()
        return _finish(run, R.SUCCEEDED, rows_read=staging.rows_read, rejected=staging.rejected,
                       rejections=staging.rejections, inserted=applied.inserted,
                       updated=applied.updated, marked_unavailable=applied.marked_unavailable,
                       unchanged=staged - applied.inserted - applied.updated)


def _load_directly(run: FeedRun, feed: Feed, path: Path) -> FeedRun | None:
    """A first load on PostgreSQL, in one transaction; None when the file lists a part twice
    (the staged way then keeps the later line)."""
    staging, progress = _Staging(run, _Warehouses(feed)), _SideProgress()
    try:
        with transaction.atomic():
            with _opened(path, feed, staging.warehouses, blank="") as opened:
                items_load(staging.rows(opened, progress=progress))
            loaded = _loaded_count(feed)
            items_match(distributor_id=feed.distributor_id)
            availability_recompute()
            _finish(run, R.SUCCEEDED, rows_read=staging.rows_read, rejected=staging.rejected,
                    rejections=staging.rejections, inserted=loaded)
    except IntegrityError:
        return None
    finally:
        progress.close()
    items_analyze()
    return run


def _loaded_count(feed: Feed) -> int:
    return DistributorItem.objects.filter(warehouse__distributor=feed.distributor_id).count()


def _import(run: FeedRun, feed: Feed, path: Path, full: bool) -> FeedRun:
    items = DistributorItem.objects.filter(warehouse__distributor=feed.distributor_id)
    holds_items = items.exists()
    if not holds_items and connection.vendor == "postgresql":
        loaded = _load_directly(run, feed, path)
        if loaded is not None:
            return loaded
    staging = _Staging(run, _Warehouses(feed))
    if holds_items:
        _changed_stage(path, feed, staging)
    else:
        _everything_stage(path, feed, staging)
    return _apply(run, feed, staging, full, items.filter(is_available=True).count())


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
        return _import(run, feed, path, feed.is_full if full is None else full)
    except FeedRejected as rejected:
        return _finish(run, R.FAILED, error=str(rejected))
    finally:
        staging_drop()

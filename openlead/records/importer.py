"""Crash-safe, idempotent import of one CSV extract.

Each chunk of rows commits together with the batch ledger's counters, so a run killed
at any point (SIGKILL included) resumes from the last committed row. Records are keyed
by (source, external id) under a unique constraint and inserted with ON CONFLICT DO
NOTHING, so a row is never stored twice however often the file is imported.
"""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.records.keys import sealer_for
from openlead.records.mapping import Mapping, MappingError
from openlead.records.models import BatchStatus, ImportBatch, ImportRowError
from openlead.records.rows import EXTERNAL_ID, Row, RowError, RowParser
from openlead.records.store import insert_rows

CHUNK_ROWS = 5000
REPORT_COLUMNS = ["row", "column", "reason"]

# rows done so far (called once per committed chunk)
Progress = Callable[[int], None]


class UnreadableFile(Exception):
    """The extract cannot be read (missing, not text in the mapping's encoding, not CSV)."""


@dataclass
class Outcome:
    batch: ImportBatch | None
    already_done: ImportBatch | None = None
    errors: list[RowError] = field(default_factory=list)
    report_path: Path | None = None


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    rows: int  # data rows, approximate (newlines) for the progress bar


def file_facts(path: Path) -> FileFacts:
    digest, lines = hashlib.sha256(), 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
                lines += block.count(b"\n")
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    return FileFacts(digest.hexdigest(), max(lines - 1, 0))


def read_header(path: Path, mapping: Mapping) -> list[str]:
    try:
        with path.open(newline="", encoding=mapping.encoding) as handle:
            header = next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error, LookupError) as exc:
        raise UnreadableFile(f"{path}: {_reason(exc)}") from None
    if not header:
        raise UnreadableFile(f"{path}: the file is empty (no header row)")
    return [h.strip() for h in header]


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not {exc.encoding} text (byte {exc.start})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def import_file(
    path: Path,
    mapping: Mapping,
    *,
    source: str,
    acting: Actor,
    program_id: int | None = None,
    report_path: Path | None = None,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
    workers: int = 0,
) -> Outcome:
    """Import (or resume importing) one extract; see the module docstring.

    `workers` > 0 parses and encrypts chunks in that many forked processes while this one
    writes, in order, to the database.
    """
    facts = file_facts(path)
    header = read_header(path, mapping)
    mapping.check_header(header)  # a missing column stops us before anything is written
    key = {"source": source, "file_sha256": facts.sha256, "mapping_sha256": mapping.sha256}
    done = ImportBatch.objects.filter(
        **key, status__in=[BatchStatus.COMPLETE, BatchStatus.PARTIAL]
    ).first()
    if done is not None:
        return _already_done(done, path, report_path)
    batch = _resume_or_start(path, key, program_id, facts.rows)
    sealer = sealer_for(source, create=True)
    parser = RowParser(mapping, header, sealer, batch.pk, program_id)
    if progress:
        progress(batch.rows_seen)
    try:
        chunks = _chunks(path, mapping, batch.rows_seen, chunk_rows)
        for parsed in _parse_all(parser, chunks, workers):
            _commit_chunk(batch, parsed)
            if progress:
                progress(batch.rows_seen)
    except (UnicodeDecodeError, csv.Error) as exc:
        _stop(batch)
        raise UnreadableFile(f"{path}: row {batch.rows_seen + 1}: {_reason(exc)}") from None
    except BaseException:
        _stop(batch)
        raise
    _finish(batch, facts, acting)
    return _report(batch, path, report_path)


def _resume_or_start(
    path: Path, key: dict[str, str], program_id: int | None, rows_total: int
) -> ImportBatch:
    # rows_total feeds the web status page's progress bar (views.import_batches).
    unfinished = (
        ImportBatch.objects.filter(**key, status__in=[BatchStatus.RUNNING, BatchStatus.FAILED])
        .order_by("-started_at")
        .first()
    )
    if unfinished is not None:
        unfinished.status, unfinished.rows_total = BatchStatus.RUNNING, rows_total
        unfinished.save(update_fields=["status", "rows_total"])
        return unfinished
    return ImportBatch.objects.create(
        file_name=path.name[:300], program_id=program_id, rows_total=rows_total, **key
    )


def _chunks(
    path: Path, mapping: Mapping, skip: int, size: int
) -> Iterator[tuple[int, list[list[str]]]]:
    """(number of the chunk's first row, rows) after the first `skip` data rows."""
    with path.open(newline="", encoding=mapping.encoding) as handle:
        reader = csv.reader(handle)
        next(reader, None)
        number, chunk = 0, []
        for row in reader:
            number += 1
            if number <= skip:
                continue
            chunk.append(row)
            if len(chunk) >= size:
                yield number - len(chunk) + 1, chunk
                chunk = []
        if chunk:
            yield number - len(chunk) + 1, chunk


@dataclass
class ParsedChunk:
    rows: list[Row]
    errors: list[RowError]
    seen: int
    repeats: int  # the same event twice in one file: stored once


def parse_chunk(parser: RowParser, start: int, rows: list[list[str]]) -> ParsedChunk:
    parsed_rows: dict[object, Row] = {}
    errors: list[RowError] = []
    repeats = 0
    for offset, row in enumerate(rows):
        if not row:  # an empty line (csv gives []), often trailing: no record, no error
            continue
        parsed = parser.parse(start + offset, row)
        if isinstance(parsed, list):
            errors.extend(parsed)
        elif parsed[EXTERNAL_ID] in parsed_rows:
            repeats += 1
        else:
            parsed_rows[parsed[EXTERNAL_ID]] = parsed
    return ParsedChunk(list(parsed_rows.values()), errors, len(rows), repeats)


_worker_parser: RowParser | None = None


def _init_worker(parser: RowParser) -> None:
    global _worker_parser
    _worker_parser = parser


def _parse_in_worker(start: int, rows: list[list[str]]) -> ParsedChunk:
    assert _worker_parser is not None
    return parse_chunk(_worker_parser, start, rows)


def _parse_all(
    parser: RowParser, chunks: Iterator[tuple[int, list[list[str]]]], workers: int
) -> Iterator[ParsedChunk]:
    """Parsed chunks in file order; with workers, a few chunks ahead in other processes."""
    if workers <= 0:
        for start, rows in chunks:
            yield parse_chunk(parser, start, rows)
        return
    # fork: the children inherit the parser (and its data key) without pickling it, and
    # never touch the database.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(parser,)) as pool:
        pending: deque[AsyncResult[ParsedChunk]] = deque()
        for start, rows in chunks:
            pending.append(pool.apply_async(_parse_in_worker, (start, rows)))
            if len(pending) > workers * 2:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _commit_chunk(batch: ImportBatch, chunk: ParsedChunk) -> None:
    errors = chunk.errors
    parsed_rows = chunk.rows
    with transaction.atomic():
        new = insert_rows(batch.source, parsed_rows)
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    batch=batch, row_number=e.row, column=e.column[:120], reason=e.reason[:300]
                )
                for e in errors
            ],
            ignore_conflicts=True,
        )
        batch.rows_seen += chunk.seen
        batch.rows_imported += new
        batch.rows_skipped_existing += len(parsed_rows) - new + chunk.repeats
        batch.errors += len({e.row for e in errors})
        batch.save(update_fields=["rows_seen", "rows_imported", "rows_skipped_existing", "errors"])


def _stop(batch: ImportBatch) -> None:
    # The committed chunks stay; the next run with the same file resumes after them.
    ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
        status=BatchStatus.FAILED
    )


def _finish(batch: ImportBatch, facts: FileFacts, acting: Actor) -> None:
    with transaction.atomic():
        batch.status = BatchStatus.PARTIAL if batch.errors else BatchStatus.COMPLETE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])
        # One audit event per batch; a batch that stored nothing new is not a "create".
        acting.audit(
            action=AuditAction.CREATE if batch.rows_imported else AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose="justice records import",
            detail={
                "batch": batch.public_id,
                "source": batch.source,
                "file_sha256": facts.sha256,
                "status": batch.status,
                "rows_seen": batch.rows_seen,
                "rows_imported": batch.rows_imported,
                "rows_skipped_existing": batch.rows_skipped_existing,
                "errors": batch.errors,
            },
        )


def _already_done(done: ImportBatch, path: Path, report_path: Path | None) -> Outcome:
    # A partial batch's rows are still rejected, so the re-run lists them again and re-writes
    # the report from the ledger (a run killed between its last commit and the report left none).
    outcome = _report(done, path, report_path)
    outcome.batch, outcome.already_done = None, done
    return outcome


def _report(batch: ImportBatch, path: Path, report_path: Path | None) -> Outcome:
    errors = [
        RowError(e.row_number, e.column, e.reason)
        for e in ImportRowError.objects.filter(batch=batch).order_by("row_number", "column")
    ]
    outcome = Outcome(batch=batch, errors=errors)
    if errors:
        target = report_path or path.with_name(f"{path.stem}.import-report.csv")
        write_report(target, errors)
        outcome.report_path = target
    return outcome


def write_report(target: Path, errors: list[RowError]) -> None:
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        writer.writerows([e.row, e.column, e.reason] for e in errors)


__all__ = ["MappingError", "Outcome", "UnreadableFile", "file_facts", "import_file"]

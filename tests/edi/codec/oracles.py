"""pyx12 and pydifact as test oracles: what they read, and whether they accept what we write."""

import io
import logging
import re
import shutil
import warnings
from pathlib import Path

import pyx12
import pyx12.params
import pyx12.x12file
import pyx12.x12n_document
from pydifact.segmentcollection import Interchange as PydifactInterchange

from edi.codec import edifact, x12

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def pyx12_read(text: str) -> tuple[list[str], list[str]]:
    """The segments pyx12 reads, as text, and the envelope errors it reports."""
    reader = pyx12.x12file.X12Reader(io.StringIO(text))
    segments = [segment.format() for segment in reader]
    return segments, [error[2] for error in reader.pop_errors()]


def our_x12_segments(interchange: x12.Interchange) -> list[str]:
    separators = interchange.separators
    segments = [interchange.header, *interchange.acknowledgements]
    for group in interchange.groups:
        segments.append(group.header)
        for ts in group.transaction_sets:
            segments += [ts.header, *ts.body, ts.trailer]
        segments.append(group.trailer)
    segments.append(interchange.trailer)
    return [separators.element.join([s.tag, *s.elements]) + separators.segment
            for s in segments if s is not None]


def pyx12_997_maps(directory: Path) -> Path:
    """pyx12's maps with the 997 opened to supply-chain groups (PO) and sets (850).

    pyx12 ships its 997 map with HIPAA code lists only; everything else in it stays as shipped.
    """
    maps = directory / "map"
    shutil.copytree(Path(pyx12.__file__).parent / "map", maps)
    path = maps / "997.4010.xml"
    text = path.read_text()
    for element, code in (("AK101", "PO"), ("AK201", "850")):
        text = re.sub(rf'(<element xid="{element}">.*?<valid_codes>)', rf"\1<code>{code}</code>",
                      text, count=1, flags=re.S)
    path.write_text(text)
    return maps


def pyx12_validates(text: str, maps: Path) -> bool:
    """pyx12's map-driven validation, the way its x12valid script runs it."""
    logger = logging.getLogger("pyx12")
    level, logger.level = logger.level, logging.CRITICAL + 1
    try:
        return pyx12.x12n_document.x12n_document(
            pyx12.params.params(), io.StringIO(text), None, None, None, io.StringIO(),
            map_path=str(maps))
    finally:
        logger.level = level


def pydifact_segments(text: str) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """The segments pydifact reads between UNB and UNZ, as (tag, elements as component tuples)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns that syntax version 2 is not bundled
        segments = PydifactInterchange.from_str(text).segments
    return [(s.tag, tuple(_components(element) for element in s.elements)) for s in segments]


def _components(element: str | list[str]) -> tuple[str, ...]:
    return (element,) if isinstance(element, str) else tuple(element)


def our_segments(interchange: edifact.Interchange) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    return [(s.tag, tuple(s.elements)) for m in interchange.messages
            for s in [m.header, *m.body, m.trailer] if s is not None]

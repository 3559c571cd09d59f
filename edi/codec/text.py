"""Bytes to text for both syntaxes: byte-order marks, wrong encodings and binary files."""

import codecs
import re

from edi.codec.problems import EdiError, Fault, file_problem

# C0 controls and DEL, without tab, line feed and carriage return (tolerated between segments).
CONTROLS = "".join(chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                          0x7F))


def decoded(data: bytes | str, encoding: str, kind: str) -> str:
    """The text of a file with any byte-order mark and leading blank lines removed."""
    if isinstance(data, bytes):
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            data = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise EdiError([file_problem(
                Fault.UNREADABLE,
                f"Byte {data[error.start]:#04x} at offset {error.start} is not {encoding} text; "
                f"an {kind} file holds text only (is it binary or compressed?).")]) from None
    text = data.lstrip("\ufeff \t\r\n")
    if not text:
        raise EdiError([file_problem(Fault.UNREADABLE, f"The file is empty; it holds no {kind} "
                                                       "interchange.")])
    return text


def refuse_binary(text: str, separators: str) -> None:
    """Control characters are allowed only as separators; anything else means a damaged file."""
    stray = "".join(char for char in CONTROLS if char not in separators)
    match = re.search(f"[{re.escape(stray)}]", text)
    if match:
        raise EdiError([file_problem(
            Fault.UNREADABLE,
            f"Character {ord(match.group()):#04x} at offset {match.start()} is a control "
            "character and not one of the file's separators; the file looks binary or damaged.")])

"""Fingerprints of feed lines, so that a nightly import parses only the lines that changed.

A line's fingerprint is a keyed 64-bit BLAKE2b hash of its text. The key covers everything
else that decides what the line means: the feed, its layout and column map, the delimiter and
the header line, and the version of the parsers. The same text under another header, layout
or feed hashes differently, so a changed configuration re-reads every line once.
"""

import hashlib
import json

from distributors.models import Feed

# Raise when the parsers change what a line stages: every line is then read afresh once.
VERSION = 1


class Fingerprints:
    """The fingerprint function of one file of one feed."""

    def __init__(self, feed: Feed, delimiter: str, header_line: str):
        context = json.dumps([VERSION, feed.pk, feed.layout, feed.column_map, delimiter,
                              header_line], sort_keys=True, default=str)
        key = hashlib.blake2b(context.encode(), digest_size=32).digest()
        self.hashing = hashlib.blake2b(digest_size=8, key=key).copy  # a fresh keyed hash
        self.as_int = int.from_bytes

    def of(self, text: str) -> int:
        """A signed 64-bit integer, as both databases store a bigint."""
        hashed = self.hashing()
        hashed.update(text.encode())
        return self.as_int(hashed.digest(), "big", signed=True)

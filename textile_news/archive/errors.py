"""The archive's errors: each message says what is wrong in one line, for the CLI to print."""


class ArchiveError(Exception):
    """The archive cannot be opened or used; the message says why, in one line."""


class QueryError(ArchiveError):
    """A full-text query the index cannot parse."""


class WriteRefused(ArchiveError):
    """The archive cannot or must not be written by this process: a read-only or immutable
    file or folder, or a schema of a newer textile-news. Commands that write exit 2."""

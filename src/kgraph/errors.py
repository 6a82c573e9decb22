"""kgraph's exceptions.

Every error kgraph raises on purpose derives from :class:`KGraphError` and says what went wrong
and what to do about it. The tree::

    KGraphError
    ├── InputError          an input file or folder cannot be used (the CLI skips it and goes on)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── DecodeError
    │   ├── TooLarge
    │   └── UnsupportedLanguage   a document in a language no plug-in reads (skipped: E110)
    ├── ConfigError         a bad option, settings file or user ontology   (exit code 2)
    │   ├── OntologyError   a Turtle file that does not parse (file, line), or a lexicon entry kgraph cannot use
    │   ├── LanguageDataError  a language data or pattern file with an unknown key or a bad value (file, entry)
    │   ├── UnknownLanguage    ``--lang`` names a language no plug-in is registered for
    │   ├── ArgumentError   a bad argument to a function of the Python API (also a ``ValueError``)
    │   └── SettingError    an unknown or ill-typed setting (environment variable, settings file or option)
    ├── OutputError         an output folder cannot be written or read
    ├── QueryError          a SPARQL query that is malformed, forbidden or too slow
    │   ├── ForbiddenQuery  an update, SERVICE or another operation the read-only query path refuses
    │   └── QueryTimeout    a query stopped at the wall-clock limit
    ├── TrainingError       training data, a training run or a trained model cannot be used
    ├── ServeError          the SPARQL endpoint cannot start
    │   └── PortInUse       its port is taken by another program
    ├── ClusterError        a worker process died, or a Dask scheduler cannot be reached or has no worker
    ├── StoreError          a SPARQL store cannot be reached or refuses a push (``kgraph push``)
    └── MissingDependency   an optional extra is not installed (also an ``ImportError``)

Inputs that were read, but not as they were (repaired or decoded by a guess), are not errors: each gives a
warning line (stderr and ``report.json`` → ``warnings``) that ends with one of :data:`WARNING_CODES`.
"""

from __future__ import annotations

#: Codes of the warnings about inputs that were read anyway.
WARNING_CODES: dict[str, str] = {
    "W101": "invalid UTF-8 byte sequences, each replaced by U+FFFD",
    "W102": "UTF-16 of an odd length: the last byte is dropped",
    "W103": "not UTF-8 and not Arabic: decoded as Windows-1252 (a guess)",
    "W104": "characters that are not Unicode (unpaired surrogates), each replaced by U+FFFD",
    "W105": "a language tag that is not valid BCP 47: the language is detected instead",
    "W106": "a file name that is not UTF-8: recorded with \\xNN escapes",
    "W107": "a date that is not a calendar date (YYYY-MM-DD): left out",
    "W108": "files in a named folder that are of types kgraph does not read (e.g. .pdf)",
}


class KGraphError(Exception):
    """Root of kgraph's errors. ``code`` is a short stable identifier such as ``"E101"``."""

    code = "E000"

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} ({self.code})" + (f"\n  fix: {fix}" if fix else ""))

    def __reduce__(self) -> tuple[object, ...]:
        # an error raised in a worker process comes back to the build whole (message, fix and class)
        return _restore, (type(self), self.message, self.fix)


def _restore(cls: type[KGraphError], message: str, fix: str | None) -> KGraphError:
    return cls(message, fix=fix)


class InputError(KGraphError):
    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class DecodeError(InputError):
    code = "E103"


class TooLarge(InputError):
    code = "E104"


class UnsupportedLanguage(InputError):
    """A document whose language has no registered plug-in: it is skipped and reported, the batch goes on."""

    code = "E110"


class ConfigError(KGraphError):
    code = "E200"


class OntologyError(ConfigError):
    code = "E201"


class LanguageDataError(ConfigError):
    code = "E202"


class UnknownLanguage(ConfigError):
    code = "E203"


class ArgumentError(ConfigError, ValueError):
    """A bad argument to a function of the Python API: the message names it and says what it should be."""

    code = "E210"


class SettingError(ConfigError):
    """An unknown setting, or a value of the wrong type or out of range; the message names it and where it
    was set (environment variable, settings file or option)."""

    code = "E211"


class OutputError(KGraphError):
    code = "E300"


class QueryError(KGraphError):
    code = "E400"


class ForbiddenQuery(QueryError):
    code = "E401"


class QueryTimeout(QueryError):
    code = "E402"


class TrainingError(KGraphError):
    code = "E500"


class ServeError(KGraphError):
    code = "E600"


class PortInUse(ServeError):
    code = "E601"


class ClusterError(KGraphError):
    """A worker process of a build died, or a Dask scheduler (``--scheduler``) cannot be reached or has no worker."""

    code = "E800"


class StoreError(KGraphError):
    """A SPARQL store (``kgraph push --store``) cannot be reached, or refuses what is sent; the message gives
    the HTTP status and the store's own words."""

    code = "E900"


class MissingDependency(KGraphError, ImportError):
    """A feature needs an optional extra that is not installed; the fix names the ``pip install`` command."""

    code = "E700"

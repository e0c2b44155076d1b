"""The versioned JSON file format: envelope, migrations, reader, atomic writer, JSON Schema.

``load(path) -> LoadedModel`` / ``loads(text)`` read; ``save(tree, path)`` / ``dumps(tree)`` write.
Every reading problem is a ``LoadError``; writing problems are ``SaveError`` and
``FileChangedError`` (the file on disk changed since it was opened).
"""

from .errors import FileChangedError, LoadError, SaveError
from .fingerprint import Fingerprint
from .migrations import CURRENT_VERSION
from .reader import MAX_BYTES, LoadedModel, load, loads
from .writer import dumps, save, to_document

__all__ = [
           "CURRENT_VERSION",
           "MAX_BYTES",
           "FileChangedError",
           "Fingerprint",
           "LoadError",
           "LoadedModel",
           "SaveError",
           "dumps",
           "load",
           "loads",
           "save",
           "to_document",
]

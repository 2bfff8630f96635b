"""How a :class:`~notecards.model.NoteResult` is stored in the build cache: serialised by
pickle with only :mod:`notecards.model` classes allowed back in (a tampered entry cannot run
code), and the digests that vouch for a note's bytes and for a stored entry."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import pickle
from typing import Any

from notecards import model
from notecards.model import NoteResult


def digest_bytes(data: bytes) -> bytes:
    """The content digest stored per note (blake2b, 16 bytes)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def entry_checksum(rel: str, blob: bytes) -> bytes:
    """The checksum stored with a result: its bytes and the note it belongs to (blake2b)."""
    checksum = hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=16)
    checksum.update(b"\0")
    checksum.update(blob)
    return checksum.digest()


# --- serialising NoteResults ------------------------------------------------------------------

_MODEL_CLASSES: dict[str, type] = {
    name: obj
    for name, obj in vars(model).items()
    if isinstance(obj, type) and obj.__module__ == model.__name__
}
"""Every class of :mod:`notecards.model`: the only globals a cache entry may name."""


def _reduce_dataclass(obj: Any) -> tuple[type, tuple[Any, ...]]:
    # Rebuild through the constructor: ~3x faster to load than pickle's default for frozen
    # slotted dataclasses (which calls dataclasses.fields() per object in __setstate__).
    return type(obj), tuple([getattr(obj, f.name) for f in dataclasses.fields(obj)])


def _reduce_enum(member: enum.Enum) -> tuple[type, tuple[Any, ...]]:
    # By value, as every Python does it: some 3.11 releases pickle enum members through
    # ``builtins.getattr``, which the guarded unpickler (rightly) refuses.
    return type(member), (member.value,)


_DISPATCH: dict[type, Any] = {
    cls: _reduce_dataclass for cls in _MODEL_CLASSES.values() if dataclasses.is_dataclass(cls)
} | {cls: _reduce_enum for cls in _MODEL_CLASSES.values() if issubclass(cls, enum.Enum)}


def encode(result: NoteResult) -> bytes:
    """Serialise a result for the cache (pickle protocol 5, dataclasses by constructor)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(result)
    return buffer.getvalue()


class _ModelUnpickler(pickle.Unpickler):
    """Loads only :mod:`notecards.model` classes, so a tampered cache cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == model.__name__ and name in _MODEL_CLASSES:
            return _MODEL_CLASSES[name]
        raise pickle.UnpicklingError(f"cache entry names a foreign class {module}.{name}")


def decode(blob: bytes) -> NoteResult | None:
    """The result stored by :func:`encode`, or None when the blob is damaged."""
    try:
        result = _ModelUnpickler(io.BytesIO(blob)).load()
    except Exception:  # any damage (truncation, foreign class, changed model) is a miss
        return None
    return result if isinstance(result, NoteResult) else None

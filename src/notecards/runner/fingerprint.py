"""What a cached per-note result depends on besides the note itself, folded into one digest.

A per-note result (:class:`~notecards.model.NoteResult`) is a function of the note's bytes, its
path relative to the notes root, and everything collected here: the notecards version and the
package's own source files (so a code change during development invalidates the cache), the
cache's storage format, the Python version, the installed parser/segmenter libraries, and every
:class:`~notecards.config.Config` field that shapes a result (rule names, order, enabled flags and
functions; thresholds; default category; segmenter; the user dictionary's *content*).

New ``Config`` fields are included automatically; only the fields listed in
:data:`RUN_ONLY_FIELDS` (how a build runs, not what it makes) are left out. Everything here is
cheap (a few stats and ~300 KB of hashing), so it can run on every build.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import sys
from pathlib import Path

from notecards.config import Config
from notecards.extract.rules import Ref, RuleFn, RuleList

RUN_ONLY_FIELDS = frozenset(
    {
        "jobs",
        "use_cache",
        "strict",
        "dry_run",
        "retire_orphans",
        "max_media_bytes",
        "reset_state",
        "keep_retired_days",
        "exclude",
        "table_cache",
    }
)
"""Config fields that change how a build runs or what the export stage does, never a per-note
result; every other field is part of the fingerprint."""

RESULT_LIBRARIES = (
    "markdown_it",
    "mdit_py_plugins",
    "rjieba",
    "jieba",
    "charset_normalizer",
    "yaml",
)
"""Third-party packages whose version can change a per-note result; an upgrade (any change to
the package's files we stat) invalidates the cache."""


def fingerprint(config: Config, cache_format: int) -> str:
    """A hex digest of everything besides the note that a cached result depends on."""
    parts = [
        f"format={cache_format}",
        f"python={sys.version_info[:3]}",
        f"notecards={_package_version()}",
        f"source={source_digest()}",
        f"libraries={_library_stamps()}",
        f"config={config_key(config)}",
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def config_key(config: Config) -> str:
    """A stable text form of the result-shaping ``Config`` fields (see :data:`RUN_ONLY_FIELDS`)."""
    items = []
    for field in dataclasses.fields(config):
        if field.name in RUN_ONLY_FIELDS:
            continue
        items.append(f"{field.name}={_value_key(getattr(config, field.name))}")
    return ";".join(items)


def _value_key(value: object) -> str:
    """A text form of one config value that changes exactly when its effect may change."""
    if isinstance(value, RuleList):
        # Name, scope, enabled flag and function identity of every rule, in chain order; the
        # functions' code itself is covered by the source digest. A named function (a Ref) is
        # not imported for this: a rebuild that runs no rule imports no rule module.
        return repr([(r.name, str(r.scope.value), r.enabled, _function_name(r.fn)) for r in value])
    if isinstance(value, Path):
        # A dictionary or rules file: its content matters, not where it lives.
        return f"file:{file_digest(value)}"
    if isinstance(value, (tuple, list, frozenset, set)):
        inner = [_value_key(v) for v in value]
        return repr(sorted(inner) if isinstance(value, (set, frozenset)) else inner)
    return repr(value)


def _function_name(fn: RuleFn | Ref) -> str:
    """``module.qualname`` of a rule function, the same whether it is given or named."""
    if isinstance(fn, Ref):
        return fn.qualified_name
    return f"{fn.__module__}.{fn.__qualname__}"


def file_digest(path: Path) -> str:
    """Hex blake2b digest of a file's bytes, or ``missing`` when it cannot be read."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "missing"


@functools.cache
def source_digest() -> str:
    """Digest of the notecards package's own files (``*.py`` and bundled data), by relative path
    (once per process: the cache and the steady check both ask for it)."""
    package = Path(__file__).resolve().parents[1]  # src/notecards, above runner/
    digest = hashlib.blake2b(digest_size=16)
    files = sorted(p for p in package.rglob("*") if p.is_file() and _is_source(p, package))
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_source(path: Path, package: Path) -> bool:
    parts = path.relative_to(package).parts
    if "__pycache__" in parts:
        return False
    return path.suffix in (".py", ".json") or parts[0] == "data"  # weights files too


def _package_version() -> str:
    from notecards import __version__  # at call time: tests patch notecards.__version__

    return __version__


def _library_stamps() -> str:
    """Size and mtime of each result library's entry file, found without importing it
    (importing markdown-it or jieba here would cost more than the whole warm build)."""
    stamps = []
    for name in RESULT_LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        if not origin:
            stamps.append(f"{name}:absent")
            continue
        try:
            st = Path(origin).stat()
        except OSError:
            stamps.append(f"{name}:unreadable")
            continue
        stamps.append(f"{name}:{origin}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(stamps)

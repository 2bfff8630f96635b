"""Typer parameter coercion without pydantic, for the plain types the CLI uses.

typer 0.29 coerces every parameter value (except a bool flag that is already a bool) through a
pydantic ``TypeAdapter``; importing pydantic and building the adapters costs ~60 ms on every
``notecards build``, a fifth of a warm rebuild. :func:`lighten` gives each parameter of a command
a coercer that handles the common cases itself — a ``str``, a ``Path`` typer would accept, an
``int``/``float`` written as plain ASCII digits and within its bounds, a list of ``str`` — and
hands every other value to typer's own coercer, which gives exactly the result or the error
message it always gave. So the outcome never differs; only the slow path is taken less often.

It relies on typer's private coercion layer (``_TyperParameter._runtime_param``); with a typer
that has none, :func:`lighten` does nothing. typer offers no supported way around pydantic (a
``parser=`` or ``click_type=`` is wrapped in a pydantic adapter too, and its click is vendored
as the private ``typer._click``), so this stays while it pays: ``benchmarks/cli_startup.py``
measures the gain, tests/test_cli_coerce.py pins parity with typer's own coercion.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # a typer without the pydantic layer: nothing to speed up
    _TYPER_LAYER = False
else:
    _TYPER_LAYER = True

_INT = re.compile(r"[0-9]{1,18}")
"""ASCII digits only: pydantic refuses other Unicode digits (``٣``) that int() would take."""
_FLOAT = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,18})?")

_MISS = object()
"""Marks a value the fast path leaves to typer."""


def lighten(command: Any) -> None:
    """Give every typer parameter of ``command``, its ``--help`` option included, the coercer
    of this module (see above)."""
    if not _TYPER_LAYER or command is None or getattr(command, "_notecards_light", False):
        return
    for param in getattr(command, "params", ()):
        _lighten_param(param)
    # The --help option is made on first use, outside ``params``; its value (None when not
    # given) would build a pydantic coercer just to return None.
    made_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made_help_option(ctx)
        _lighten_param(option)
        return option

    command.get_help_option = get_help_option
    command._notecards_light = True


def _lighten_param(param: Any) -> None:
    if isinstance(param, _TyperParameter) and param._runtime_param is None:
        descriptor = param.type_descriptor
        if descriptor.file_annotation is None:
            param._runtime_param = _Light(descriptor.parameter_info, descriptor.annotation)


def fast_value(annotation: Any, info: Any, value: Any, param: Any = None, ctx: Any = None) -> Any:
    """The value typer's coercion gives for ``value``, computed without pydantic, or
    :data:`_MISS` when this is not a case handled here (then only typer can tell)."""
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return _MISS
    if annotation is str:
        return value if type(value) is str else _MISS
    if annotation is Path and info.path_type is None:
        if type(value) is str:
            value = Path(value)  # what pydantic's Path validation gives for any str
        if not isinstance(value, Path):
            return _MISS
        try:
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
        except Exception:  # its message names the value as typed: let typer's coercer say it
            return _MISS
    if annotation in (int, float) and not info.clamp:
        if type(value) is str and (_INT if annotation is int else _FLOAT).fullmatch(value):
            number = annotation(value)
        elif type(value) is annotation:
            number = value
        else:
            return _MISS
        if (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max
        ):
            return _MISS  # out of bounds: typer's coercer words the error
        return number
    is_str_list = get_origin(annotation) is list and get_args(annotation) == (str,)
    if is_str_list and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
        return list(value)
    return _MISS


if _TYPER_LAYER:

    class _Light(RuntimeParam):
        """Coerces plain values directly and anything else with typer's own coercer."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            result = fast_value(self.annotation, self.parameter_info, value, param, ctx)
            if result is not _MISS:
                return result
            exact = build_runtime_param(param.type_descriptor)  # imports pydantic
            param._runtime_param = exact
            return exact._coerce_value(value, param=param, ctx=ctx)

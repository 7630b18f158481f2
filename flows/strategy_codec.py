"""The strategy model as plain JSON and back: it travels in a reply's `meta` (the outbox and the Slack
turn worker carry replies as JSON), and other tools read it from `export --format json`."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from flows.strategy import Strategy


def strategy_to_dict(strategy: Strategy) -> dict[str, Any]:
    return dataclasses.asdict(strategy)


def strategy_from_dict(data: dict[str, Any]) -> Strategy:
    return _build(Strategy, data)


def _build(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _build(options[0], data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_build(item, v) for v in data)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _build(hints[f.name], data.get(f.name)) for f in dataclasses.fields(kind)
                       if f.init})
    return data

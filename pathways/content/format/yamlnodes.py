"""Reading YAML while keeping line numbers, and refusing YAML's dangerous corners.

`yaml.safe_load` forgets where each value came from, so we compose the node
graph with the safe loader and turn nodes into values ourselves. That also
lets us refuse what curated content never needs: tags that build objects,
anchors and aliases (the "billion laughs" bomb), duplicate keys and absurd
nesting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 10
# LibYAML's safe loader when PyYAML was built with it (the wheels are): the same
# behavior and marks as the pure-Python one, many times faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class YamlError(Exception):
    line: int  # 1-based, relative to the YAML text
    message: str


def node_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def compose(text: str) -> yaml.Node | None:
    """Compose one YAML document, refusing anchors and aliases outright."""
    loader = Loader(text)
    depth = 0
    try:
        # The event stream is read without recursion, so absurd nesting is
        # caught here, before the recursive composer could overflow the stack.
        for event in _events(loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError(
                    event.start_mark.line + 1, "YAML anchors and aliases are not allowed"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 1
                    raise YamlError(line, f"YAML nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    loader = Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _error(exc) from None
    finally:
        loader.dispose()


def _events(loader: Any) -> Any:
    try:
        while loader.check_event():
            yield loader.get_event()
    except yaml.YAMLError as exc:
        raise _error(exc) from None


def _error(exc: yaml.YAMLError) -> YamlError:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlError(1, f"invalid YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    problem = exc.problem or exc.context or "cannot be read"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " (put quotes around a value that contains ': ')"
    return YamlError(line, f"invalid YAML: {problem}{hint}")


def check_tags(node: yaml.Node, depth: int = 0) -> None:
    """Refuse custom tags and deep nesting anywhere in the tree."""
    if depth > MAX_DEPTH:
        raise YamlError(node_line(node), f"YAML nested more than {MAX_DEPTH} levels deep")
    if node.tag not in PLAIN_TAGS:
        raise YamlError(node_line(node), f"YAML tag {node.tag!r} is not allowed")
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            check_tags(child, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            check_tags(key, depth + 1)
            check_tags(value, depth + 1)


def mapping_items(node: yaml.Node, what: str) -> list[tuple[str, int, yaml.Node]]:
    """The (key, line, value node) triples of a mapping; duplicate keys are errors."""
    if not isinstance(node, yaml.MappingNode):
        raise YamlError(node_line(node), f"{what} must be a mapping of key: value")
    seen: dict[str, int] = {}
    items = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            raise YamlError(node_line(key_node), f"{what} keys must be plain words")
        key = str(key_node.value)
        line = node_line(key_node)
        if key in seen:
            raise YamlError(line, f"duplicate key '{key}' (first on line {seen[key]})")
        seen[key] = line
        items.append((key, line, value_node))
    return items


# One safe constructor, reused: building scalars keeps no state between calls.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node: str, int, float, bool, None or a date."""
    if not isinstance(node, yaml.ScalarNode):
        raise YamlError(node_line(node), "expected a single value, not a list or mapping")
    try:
        value = _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise YamlError(node_line(node), f"cannot read value: {exc}") from None
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
    if isinstance(value, datetime.datetime):
        return value.date()
    return value

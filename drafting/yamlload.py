"""The one YAML reader of the project: PyYAML's CSafeLoader with the guards an
untrusted file needs (feedback files and render sources alike).

What a file may hold is plain data typed by hand, so the loader reads it as such:
- every scalar stays text (only an empty value, `~` or `null` is None), so that a
  section `1.10` is not the number 1.1, a delegate named `No` is not False and
  `2021-02-05` is not a date object; explicit tags (`!!int`) change nothing;
- aliases are refused: a hand-written file has no use for them, and expanded
  they are the "billion laughs" bomb;
- merge keys (`<<`) and a key given twice in one mapping are refused, not
  silently resolved;
- nesting deeper than MAX_DEPTH is refused (the formats nest four levels).
Problems carry the line (from the node's mark) so that messages point at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 20

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when installed
_STR, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class TextLoader(_Base):  # type: ignore[misc, valid-type]
    """CSafeLoader whose only implicit type is null: everything else is text."""

    yaml_implicit_resolvers: dict = {}


TextLoader.add_implicit_resolver(_NULL, yaml.resolver.Resolver.yaml_implicit_resolvers["~"][0][1],
                                 ["~", "n", "N", ""])


@dataclass
class YamlProblem(Exception):
    """The file is not YAML (`syntax`), or is YAML the guards refuse."""
    message: str
    line: int | None = None        # 1-based
    column: int | None = None      # 1-based
    syntax: bool = False
    vi: str | None = None          # the message in Vietnamese (guards only; PyYAML speaks English)

    def __str__(self) -> str:
        return self.message


@dataclass
class Loaded:
    value: Any                     # plain values: dict, list, str, None
    node: yaml.Node | None         # the composed tree, for the lines of its parts

    def item_lines(self, key: str | None) -> list[int]:
        """The 1-based line of each item of the root sequence (key None) or of
        the sequence under the root mapping's `key`; [] when there is none."""
        node = self.node
        if key is not None and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        if not isinstance(node, yaml.SequenceNode):
            return []
        return [item.start_mark.line + 1 for item in node.value]


def load(text: str) -> Loaded:
    """`text`'s single document as plain values (Loaded(None, None) for an empty
    stream); a YamlProblem for broken YAML or what the guards refuse."""
    loader = TextLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, None)
        _check(node)
        return Loaded(loader.construct_document(node), node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(str(exc.problem or exc.context), mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None, syntax=True) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc).splitlines()[0], syntax=True) from None
    finally:
        loader.dispose()


def _check(root: yaml.Node) -> None:
    """Walk the tree once (each node at most once: a node met twice is an alias)
    and refuse what the guards refuse; make every tag plain text, null or a
    plain collection so that construction builds nothing else."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _refusal("YAML aliases (*name) are not allowed; write the text out", node,
                           "không dùng bí danh YAML (*tên); hãy viết đầy đủ nội dung")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _refusal(f"the YAML is nested more than {MAX_DEPTH} levels deep", node,
                           f"YAML lồng nhau quá {MAX_DEPTH} cấp")
        if isinstance(node, yaml.ScalarNode):
            node.tag = _NULL if node.tag == _NULL else _STR
        elif isinstance(node, yaml.SequenceNode):
            node.tag = _SEQ
            stack.extend((item, depth + 1) for item in reversed(node.value))
        else:
            node.tag = _MAP
            keys: set[str] = set()
            for key, value in node.value:
                if id(key) in seen:
                    raise _refusal("YAML aliases (*name) are not allowed; write the text out", key,
                                   "không dùng bí danh YAML (*tên); hãy viết đầy đủ nội dung")
                if not isinstance(key, yaml.ScalarNode) or key.tag == _NULL:
                    raise _refusal(f"a field name must be text, not {_kind(key)}", key,
                                   "tên trường phải là văn bản")
                if key.value == "<<":
                    raise _refusal("YAML merge keys (<<) are not allowed", key, "không dùng khóa gộp YAML (<<)")
                if key.value in keys:
                    raise _refusal(f"field `{key.value}` is given twice in the same mapping", key,
                                   f"trường `{key.value}` được ghi hai lần")
                keys.add(key.value)
                seen.add(id(key))
                key.tag = _STR
            stack.extend((value, depth + 1) for _, value in reversed(node.value))


def _refusal(message: str, node: yaml.Node, vi: str) -> YamlProblem:
    return YamlProblem(message, node.start_mark.line + 1, node.start_mark.column + 1, vi=vi)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "empty"

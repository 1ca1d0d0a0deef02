"""Role criteria as YAML: import with line-numbered problems, export that round-trips.

The format is documented in docs/role-yaml.md. Loading composes the YAML node tree
first so that every problem can name its line, and so that a key written twice (which
a plain YAML load silently resolves to the last value) is reported instead.
"""

from __future__ import annotations

from typing import Any

import yaml

from analysis.resume.taxonomy import Taxonomy
from analysis.scoring.criteria import CriteriaInvalid, Problem, RoleCriteria
from analysis.scoring.validation import Path, criteria_from_dict, dotted

HEADER = "# Candor role criteria: the format is described in docs/role-yaml.md\n"


def load_criteria_yaml(text: str, taxonomy: Taxonomy) -> RoleCriteria:
    """Parse and validate criteria; raises `CriteriaInvalid` listing every problem."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise CriteriaInvalid(
            [Problem("", f"the file is not valid YAML ({reason})", line)]
        ) from None
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _map_lines(node, (), lines, duplicates)
    try:
        criteria = criteria_from_dict(data, taxonomy, lines)
    except CriteriaInvalid as invalid:
        problems = duplicates + list(invalid.problems)
        problems.sort(key=lambda p: (p.line if p.line is not None else 1 << 30, p.path))
        raise CriteriaInvalid(problems) from None
    if duplicates:
        raise CriteriaInvalid(duplicates)
    return criteria


def _map_lines(
    node: yaml.Node, path: Path, lines: dict[Path, int], duplicates: list[Problem]
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_path = (*path, key)
            if key in seen:
                line = key_node.start_mark.line + 1
                duplicates.append(
                    Problem(dotted(key_path), "this key is written twice; keep one", line)
                )
                continue
            seen.add(key)
            lines[key_path] = key_node.start_mark.line + 1  # the key's line, not its value's
            _map_lines(value_node, key_path, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, (*path, index), lines, duplicates)


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line text as a literal block so descriptions stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_criteria_yaml(criteria: RoleCriteria) -> str:
    """YAML text that `load_criteria_yaml` reads back to equal criteria."""
    data: dict[str, Any] = criteria.to_dict()
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return HEADER + body

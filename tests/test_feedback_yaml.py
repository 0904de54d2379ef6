"""The project's YAML loader (drafting.yamlload) reads as PyYAML reads, plus its guards.

What PyYAML's safe loader reads as text or null, the loader reads the same; it
differs only where the formats need it to: every other scalar stays text, and
aliases, merge keys, duplicate keys and deep nesting are refused with their line.
"""
import random

import pytest
import yaml

from drafting.yamlload import MAX_DEPTH, YamlProblem, load

WORDS = ["Đề", "nghị", "làm", "rõ", "x", "1.10", "(a)", "b,", "c.", "“q”", "ok's", "a=b", "II.1", "50%", "é"]
ODD_WORDS = ["null", "~", "!", "- x", "a: b", "#", "[x]", "{x}", "&a", "*a", "  ", "\t", "2021-02-05", "\xa0",
             "yes", "No", "007", "1e3", "<<", "{{ x }}", "{% if %}"]
KEYS = ["id", "by", "text", "section", "quote", "decision", "response", "edits", "replace", "with", "comments"]


def _value(rng, depth):
    if depth > 3 or rng.random() < 0.7:
        words = ODD_WORDS if rng.random() < 0.2 else WORDS
        return None if rng.random() < 0.1 else " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.5:
        return [_mapping(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    return _mapping(rng, depth + 1)


def _mapping(rng, depth):
    return {rng.choice(KEYS): _value(rng, depth) for _ in range(rng.randint(1, 4))}


def _mutated(rng, text):
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(chars))
        if rng.random() < 0.5:
            chars[at:at] = rng.choice([" ", "  ", "- ", "\n", ":", "'", "\n  ", "\n- ", "x", "null", "1"])
        else:
            del chars[at:at + rng.randint(1, 4)]
    return "".join(chars)


def _text_only(value):
    """True when PyYAML read `value` as text and nulls only (no numbers, booleans, dates)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _text_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(_text_only, value))
    return value is None or isinstance(value, str)


def test_dumped_feedback_reads_as_pyyaml_reads_it():
    rng = random.Random(5)
    for _ in range(300):
        document = {"title": _value(rng, 9), "comments": [_mapping(rng, 1) for _ in range(rng.randint(1, 4))]}
        for flow in (False, True):
            text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=60, default_flow_style=flow)
            assert load(text).value == yaml.safe_load(text) == document


def test_mutated_feedback_reads_as_pyyaml_reads_it_or_fails_where_pyyaml_fails():
    rng = random.Random(7)
    compared = 0
    for _ in range(600):
        document = {"title": _value(rng, 9), "comments": [_mapping(rng, 1) for _ in range(rng.randint(1, 4))]}
        candidate = _mutated(rng, yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=60))
        try:
            theirs = yaml.safe_load(candidate)
        except yaml.YAMLError:
            with pytest.raises(YamlProblem):
                load(candidate)
            continue
        try:
            ours = load(candidate).value
        except YamlProblem as problem:
            assert not problem.syntax, candidate        # only a guard may refuse what PyYAML reads
            continue
        if _text_only(theirs):
            compared += 1
            assert ours == theirs, candidate
    assert compared > 200, compared


@pytest.mark.parametrize("text, value", [
    ("a: 1.10\n", "1.10"), ("a: yes\n", "yes"), ("a: No\n", "No"), ("a: 007\n", "007"),
    ("a: 2021-02-05\n", "2021-02-05"), ("a: !!int 5\n", "5"), ("a: !custom x\n", "x"),
    ("a:\n", None), ("a: ~\n", None), ("a: null\n", None), ("a: 'null'\n", "null"), ("a: !!null ''\n", None),
])
def test_scalars_stay_text_as_written_and_only_null_is_none(text, value):
    assert load(text).value == {"a": value}
    pyyaml = yaml.safe_load(text) if value is None else yaml.load(text.replace("!custom ", ""), Loader=yaml.BaseLoader)
    assert pyyaml["a"] == value


def test_the_lines_of_the_comments_are_those_of_pyyaml_marks():
    text = "title: T\ncomments:\n\n  - by: A\n    text: x\n  # a note\n  - {by: B, text: y}\n"
    nodes = yaml.compose(text, Loader=yaml.SafeLoader).value[1][1].value
    assert load(text).item_lines("comments") == [n.start_mark.line + 1 for n in nodes] == [4, 7]
    assert load("- a\n\n- b\n").item_lines(None) == [1, 3]


@pytest.mark.parametrize("text, message, line", [
    ("a: &x 1\nb: *x\n", "aliases (*name) are not allowed", 1),
    ("x: 1\nc:\n  - <<: {a: 1}\n", "merge keys (<<) are not allowed", 3),
    ("a: 1\nb: 2\na: 3\n", "field `a` is given twice in the same mapping", 3),
    ("? [a]\n: 1\n", "a field name must be text, not a list", 1),
    ("null: 1\n", "a field name must be text, not empty", 1),
])
def test_what_the_guards_refuse_is_named_with_its_line(text, message, line):
    with pytest.raises(YamlProblem) as caught:
        load(text)
    assert message in str(caught.value) and caught.value.line == line and not caught.value.syntax


def test_nesting_is_refused_beyond_the_limit():
    def nested(depth):
        return "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, depth)) + "  " * depth + "v: x\n"
    assert load(nested(MAX_DEPTH - 1)).value is not None
    with pytest.raises(YamlProblem, match="nested more than 20 levels"):
        load(nested(MAX_DEPTH + 1))


def test_an_alias_bomb_is_refused_without_expanding_it():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    with pytest.raises(YamlProblem, match="aliases"):
        load(bomb)


@pytest.mark.parametrize("text", ["a: [unclosed\n", "a: b\n---\nc: d\n", "a: *undefined\n", "\x00a: b\n"])
def test_broken_yaml_is_a_syntax_problem_as_pyyaml_says(text):
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    with pytest.raises(YamlProblem) as caught:
        load(text)
    assert caught.value.syntax


def test_an_empty_stream_is_no_document():
    assert load("").value is None and load("# only a note\n").node is None

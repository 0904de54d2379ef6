"""The two readers of a YAML feedback file agree.

Plain block YAML (`key: value` lines and `- ` items, as yaml.safe_dump writes
it) is read line by line; everything else from the YAML parser's events. The
line reader may decline any file, but what it accepts it must read exactly as
the parser does: the same values and the same line for each comment.
"""
import random

import pytest
import yaml

from comments.feedback_yaml import _plain_block
from comments.yaml_parser import _compose

PLAIN = [
    "comments:\n",
    "title: T\ncomments:\n- by: A\n  text: x\n",
    "comments:\n- id: 1\n  edits:\n  - delete: x\n  - replace: y\n    with: z\n- id: 2\n",
    "a: ''\nb: ''''\nc: 'x''y'\nd: 'it''s: ok #1'\n",
    "a: null\nb: ~\nc: Null\nd: NULL\ne: 'null'\nf: nULL\n",
    "a: x;y\nb: ...\nc: =\nd: <<\ne: x  y\nf: 😀\ng: x'\nh: 1-\ni: x?\nj: x%\nk: x|\n",
    "True: 1\ny: n\n_: 1\na1_: 2\n",
    "a:\n\n  b: 1\n",
    "a:\n- b: 1\n- c:\n  - d: 2\n  e: 3\nf: 4\n",
    "a:\n    - b: 1\n    - c: 2\nd:\n",
    "a:\n  b:\n    c:\n      d: x\n  e: y\n",
    "comments:\n- a:\n- b: 1\n",
    "comments:\n  - by: A\n\n  - by: B\n",
]

NOT_PLAIN = [
    "", "\n\n", "# a comment\ncomments: []\n", "comments: []\n", "a: {b: 1}\n", "- a: 1\n", "  a: 1\n",
    "a: x #c\n", "a: x:y\n", "a: -1\n", "a: 'x' \n", "a:  x\n", "a: x \n", "a: \"q\"\n", "a: |\n  x\n",
    "a: >\n  x\n", "a:\tb\n", "a: b\r\n", "a: b\n\u2028c: d\n", "\ufeffa: b\n", "a: b\nc: d\n---\n",
    "a: &x 1\nb: *x\n", "a: x\xa0y\n", "a: !!str 1\n", "a: b\na: c\n", "null: 1\n", "a: 1\n  b: 2\n", "a: 1\n- b: 2\n",
    "a:\n  - b: 1\n  c: 2\n", "a:\n-  b: 1\n", "a:\n- b: 1\n   c: 2\n", "a: '''\n", "a: 'x'y'\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_block_yaml_reads_as_the_parser_reads_it(text):
    assert _plain_block(text) == _compose(text)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_else_is_left_to_the_parser(text):
    assert _plain_block(text) is None


def test_nesting_at_the_limit_is_left_to_the_parser():
    def nested(depth):
        return "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, depth)) + "  " * depth + "v: x\n"
    assert _plain_block(nested(19)) == _compose(nested(19))
    assert _plain_block(nested(20)) is None


WORDS = ["Đề", "nghị", "làm", "rõ", "x", "1.10", "(a)", "b,", "c.", "“q”", "ok's", "a=b", "II.1", "50%", "é"]
ODD_WORDS = ["null", "~", "!", "- x", "a: b", "#", "[x]", "{x}", "&a", "*a", "  ", "\t", "2021-02-05", "\xa0"]
KEYS = ["id", "by", "text", "section", "quote", "decision", "response", "edits", "replace", "with", "comments"]


def _value(rng, depth):
    if depth > 3 or rng.random() < 0.7:
        words = ODD_WORDS if rng.random() < 0.1 else WORDS
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
            chars[at:at] = rng.choice([" ", "  ", "- ", "\n", ":", "'", "\n  ", "\n- ", "x", "null"])
        else:
            del chars[at:at + rng.randint(1, 4)]
    return "".join(chars)


def test_dumped_and_mutated_feedback_reads_the_same_either_way():
    rng = random.Random(5)
    accepted = 0
    for _ in range(600):
        document = {"title": _value(rng, 9), "comments": [_mapping(rng, 1) for _ in range(rng.randint(1, 4))]}
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
        for candidate in (text, _mutated(rng, text), _mutated(rng, text)):
            plain = _plain_block(candidate)
            if plain is not None:
                accepted += 1
                assert plain == _compose(candidate), candidate
    assert accepted > 300, accepted

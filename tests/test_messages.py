"""Tests for the message catalog: both languages of every entry say the same things."""

import pytest

from kitpress.messages import MESSAGES, TEXTS, WORDS, placeholders, render_message, say

CATALOG = {**MESSAGES, **{f"text {k}": v for k, v in TEXTS.items()}}
CATALOG |= {f"word {k}": v for k, v in WORDS.items()}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_zh_and_en_use_the_same_placeholders(key):
    zh, en = CATALOG[key]
    assert placeholders(zh) == placeholders(en), key
    assert zh != en or not any("\u4e00" <= c <= "\u9fff" for c in zh), key


def test_the_placeholder_check_sees_every_name():
    assert placeholders("{a} and {b:.1f}, {{literal}}") == {"a", "b"}


def test_words_are_named_in_each_language_innermost_first():
    args = {"name": "poster-a5.pdf", "poster": "card-poster", "card": "signs", "size": "A5"}
    args["orientation"] = "portrait"
    assert "卡片 signs 的 A5 竖版海报" in render_message("K310", args, "zh")
    assert "(card signs's A5 portrait poster)" in render_message("K310", args, "en")


def test_a_user_value_that_looks_like_a_word_is_kept_as_typed():
    assert render_message("K113", {"value": "portrait"}, "en").startswith("difficulty 'portrait'")


def test_seconds_are_shown_to_a_tenth():
    assert say("serve.updated", "en", seconds=1.26) == "Updated (1.3 s)"
    assert say("serve.updated", "zh", seconds=0.04) == "已更新（0.0 秒）"

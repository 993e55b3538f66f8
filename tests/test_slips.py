"""Tests for finding typing slips YAML would report badly."""

from kitpress.content.slips import find_control_characters, find_slips


def where(slips):
    return [(s.code, s.line, s.col) for s in slips]


def test_control_characters_one_per_line_but_tabs_and_line_breaks_are_fine():
    text = "a: \x00\x00\nb:\tok\r\nc: \x7f\n\x85d: \ufffe\n"
    assert where(find_control_characters(text)) == [
        ("K009", 1, 4),
        ("K009", 3, 4),
        ("K009", 5, 4),
    ]  # YAML breaks lines at \x85 too


def test_full_width_colons_after_keys_and_odd_spaces_in_indentation():
    text = "title：x\n  - name ：y\nsummary: 注意：z\n- 步骤：一\n\u3000a: 1\n \u00a0\n"
    assert where(find_slips(text)) == [("K011", 1, 6), ("K011", 2, 10), ("K012", 5, 1)]

"""A reason must say something: invisible characters alone are no reason, in every service that asks for one."""

import pytest

from core.text import has_text


@pytest.mark.parametrize("value", ["", "   ", "\u200b", "\u200b\u200c\ufeff", "\x00\t\n", "\u00a0\u3000"])
def test_invisible_characters_are_no_text(value):
    assert not has_text(value)


@pytest.mark.parametrize("value", ["Koreksi", " a ", "\u200bx", "١", "—"])
def test_visible_characters_are_text(value):
    assert has_text(value)

"""What counts as text that says something."""

import unicodedata


def has_text(value):
    """True when `value` holds a visible character: white space, control and format characters (a zero-width
    space, say) do not count, so a reason made of them alone is no reason."""
    return any(unicodedata.category(character)[0] not in "ZC" for character in value or "")

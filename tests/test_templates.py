"""Templates stay readable: no template line longer than 120 characters, like the Python code."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
MAX_LENGTH = 120

# A text e-mail whose line breaks are the e-mail's own ({# fmt:off #}).
SKIPPED = {"registration/password_reset_email.html"}

# One translatable string, alone on its line or as the only content of one element: the msgid must stay byte-identical
# (the Indonesian catalogue is keyed by it) and a template tag cannot span lines.
ONE_STRING = re.compile(
    r"""(<[a-z][a-z0-9]*\b[^<>]*>)?"""
    r"""(\{% translate "[^"]*"( as \w+)? %\}|\{% blocktranslate\b[^%]*%\}.*?\{% endblocktranslate %\})"""
    r"""(</[a-z][a-z0-9]*>)?"""
)

# Lines that cannot be broken, each with its reason (matched by the start of the stripped line).
ALLOWED = {
    (
        "nominations/form.html",
        "<div class=\"{% if field.field.widget.input_type == 'textarea' or field.name == 'address'",
    ): "one {% if %} tag inside a class attribute: a template tag cannot span lines",
}


def long_lines(root=TEMPLATES):
    """Every line over the limit, as 'file:line (length)', apart from the allowed ones."""
    found = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name in SKIPPED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if len(line) <= MAX_LENGTH:
                continue
            text = line.strip()
            if ONE_STRING.fullmatch(text) or any(f == name and text.startswith(s) for f, s in ALLOWED):
                continue
            found.append(f"{name}:{number} ({len(line)} characters)")
    return found


def test_no_template_line_is_longer_than_120_characters():
    too_long = long_lines()
    assert not too_long, "Template lines over 120 characters (break them):\n" + "\n".join(too_long)


def test_every_allowed_long_line_still_exists():
    """An exception that no longer matches anything is removed from ALLOWED, so the list stays short."""
    for name, start in ALLOWED:
        lines = [line.strip() for line in (TEMPLATES / name).read_text(encoding="utf-8").splitlines()]
        assert any(line.startswith(start) and len(line) > MAX_LENGTH - 20 for line in lines), (name, start)

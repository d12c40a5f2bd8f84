"""A moment at the end of an English sentence ends it with one full stop: 24-hour times, no "p.m.."."""

from datetime import datetime

from django.utils import timezone, translation

from nominations.rules import when


def test_english_reasons_show_24_hour_times_and_end_with_one_full_stop():
    moment = timezone.make_aware(datetime(2026, 12, 6, 20, 31))
    with translation.override("en"):
        text = f"The national assessment opens on {when(moment)}."
    assert text == "The national assessment opens on Dec. 6, 2026, 20:31."


def test_indonesian_times_are_unchanged():
    moment = timezone.make_aware(datetime(2026, 12, 6, 20, 31))
    with translation.override("id"):
        assert when(moment) == "6 Des. 2026, 20.31"

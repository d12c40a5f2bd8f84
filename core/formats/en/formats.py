"""English date formats of the portal: 24-hour times, as the Indonesian pages show them.

Django's English "P" format ends a time with "a.m."/"p.m.", and a sentence ending with a moment then ends with two
full stops ("Scoring opens on Dec. 6, 2026, 8:31 p.m.."); a 24-hour clock reads the same in both languages.
"""

DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
TIME_FORMAT = "H:i"

"""Month names as dates write them in our languages: in small letters.

Django's catalogues capitalise the months in Romanian and Italian ("20 Noiembrie 2019"),
where a date writes them in small letters, as the seed invitation does ("20 noiembrie
2019"). Our catalogues, which Django reads before its own, translate the same words; this
list is what puts them there. Nothing imports it.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

"""Django's own Spanish for the form errors every page shows, pinned in our catalog.

The REST framework (openlead.api) ships a Spanish catalog that says "Este campo es
requerido." where Django says "Este campo es obligatorio.", and any installed app's
catalog outranks Django's own. Marking the message here keeps it in
openlead/locale/es/LC_MESSAGES/django.po, which outranks both (LOCALE_PATHS), so the
pages keep Django's wording (tests/test_i18n.py).
"""

from django.utils.translation import gettext_noop

PINNED = (gettext_noop("This field is required."),)

"""Ready-made questions staff add to a lab in one click, written in the six languages.

They are the lab's own texts once added (staff may change them), so they are kept here as
content in each language rather than as messages of the interface.
"""

from __future__ import annotations

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from learninglab.labs.models import QuestionKind


@dataclasses.dataclass(frozen=True)
class StandardQuestion:
    key: str
    name: Promise  # what the button says, in the staff's language
    kind: str
    is_required: bool
    text: dict[str, str]
    help_text: dict[str, str]


STANDARD_QUESTIONS: dict[str, StandardQuestion] = {
    question.key: question
    for question in [
        StandardQuestion(
            key="dietary",
            name=_("Dietary needs"),
            kind=QuestionKind.SHORT_TEXT,
            is_required=False,
            text={
                "en": "Do you have any dietary needs?",
                "ro": "Aveți cerințe alimentare speciale?",
                "it": "Ha esigenze alimentari particolari?",
                "nl": "Heeft u speciale dieetwensen?",
                "hr": "Imate li posebne prehrambene potrebe?",
                "lt": "Ar turite specialių mitybos poreikių?",
            },
            help_text={
                "en": "For example vegetarian, vegan, gluten-free, allergies.",
                "ro": "De exemplu: vegetarian, vegan, fără gluten, alergii.",
                "it": "Ad esempio: vegetariano, vegano, senza glutine, allergie.",
                "nl": "Bijvoorbeeld vegetarisch, veganistisch, glutenvrij, allergieën.",
                "hr": "Na primjer vegetarijanska, veganska ili bezglutenska prehrana, alergije.",
                "lt": "Pavyzdžiui, vegetariškas, veganiškas, be glitimo maistas, alergijos.",
            },
        ),
        StandardQuestion(
            key="accessibility",
            name=_("Accessibility needs"),
            kind=QuestionKind.SHORT_TEXT,
            is_required=False,
            text={
                "en": "Do you have any accessibility needs?",
                "ro": "Aveți nevoi legate de accesibilitate?",
                "it": "Ha esigenze di accessibilità?",
                "nl": "Heeft u behoeften op het gebied van toegankelijkheid?",
                "hr": "Imate li potrebe vezane uz pristupačnost?",
                "lt": "Ar turite prieinamumo poreikių?",
            },
            help_text={
                "en": "For example step-free access, a sign language interpreter, large print.",
                "ro": "De exemplu: acces fără trepte, interpret de limbaj mimico-gestual, "
                "materiale tipărite cu litere mari.",
                "it": "Ad esempio: accesso senza gradini, interprete della lingua dei segni, "
                "stampa a caratteri grandi.",
                "nl": "Bijvoorbeeld drempelvrije toegang, een tolk gebarentaal, grote letters.",
                "hr": "Na primjer pristup bez stepenica, tumač znakovnog jezika, tisak "
                "velikim slovima.",
                "lt": "Pavyzdžiui, patekimas be laiptų, gestų kalbos vertėjas, stambus šriftas.",
            },
        ),
        StandardQuestion(
            key="photo_consent",
            name=_("Photo consent"),
            kind=QuestionKind.YES_NO,
            is_required=True,
            text={
                "en": "Do you agree to appear in photos taken at the event?",
                "ro": "Sunteți de acord să apăreți în fotografiile făcute la eveniment?",
                "it": "Acconsente a comparire nelle foto scattate durante l'evento?",
                "nl": "Gaat u ermee akkoord dat u op foto's van het evenement te zien bent?",
                "hr": "Pristajete li da se pojavite na fotografijama snimljenima na događanju?",
                "lt": "Ar sutinkate būti nufotografuotas (-a) renginio metu?",
            },
            help_text={
                "en": "Photos may be published on the project's website and social media.",
                "ro": "Fotografiile pot fi publicate pe site-ul proiectului și pe rețelele "
                "sociale.",
                "it": "Le foto possono essere pubblicate sul sito del progetto e sui social media.",
                "nl": "De foto's kunnen op de website van het project en op sociale media "
                "verschijnen.",
                "hr": "Fotografije se mogu objaviti na mrežnim stranicama projekta i na "
                "društvenim mrežama.",
                "lt": "Nuotraukos gali būti skelbiamos projekto svetainėje ir socialiniuose "
                "tinkluose.",
            },
        ),
    ]
}

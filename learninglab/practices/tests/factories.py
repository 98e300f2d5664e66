"""Factories for good practices, on top of the shared ones."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from PIL import Image

from learninglab.factories import TimisoaraFactory
from learninglab.practices.models import (
    GoodPractice,
    PracticeDocument,
    PracticeImage,
    PracticeStatus,
    PracticeTopic,
    Topic,
)


class PracticeFactory(DjangoModelFactory):
    """A complete draft of Timișoara: ready to be submitted."""

    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    partner = factory.SubFactory(TimisoaraFactory)
    slug = factory.Sequence(lambda n: f"practice-{n}")
    status = PracticeStatus.DRAFT
    title = factory.LazyFunction(
        lambda: {"ro": "Atelierul de design deschis", "en": "The open design workshop"}
    )
    country = "RO"
    nuts2 = "RO42"
    city = "Timișoara"
    # Where a saved practice of Timișoara stands when nobody moved its point.
    latitude = Decimal("45.754")
    longitude = Decimal("21.226")
    summary = factory.LazyFunction(
        lambda: {"en": "Makers and SMEs design the city's cultural programme together."}
    )
    problem = factory.LazyFunction(lambda: {"en": "Local SMEs did not take part in culture."})
    activities = factory.LazyFunction(lambda: {"en": "Monthly open workshops in a library."})
    evidence = factory.LazyFunction(lambda: {"en": "40 SMEs took part; 12 new products."})
    transfer_potential = factory.LazyFunction(lambda: {"en": "Any city with a makerspace."})
    started_on = datetime.date(2019, 3, 1)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create:
            for topic in extracted if extracted is not None else [Topic.SME_COMPETITIVENESS]:
                PracticeTopic.objects.create(practice=self, topic=topic)


def png_bytes(colour: str = "teal", size: tuple[int, int] = (64, 48)) -> bytes:
    """Return a small, valid PNG picture."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def image_of(practice: GoodPractice, **alt_text: str) -> PracticeImage:
    """Store a picture of ``practice`` (as the services would) and return it."""
    image = PracticeImage(
        practice=practice,
        alt_text=alt_text or {"ro": "Atelier cu meșteșugari", "en": "A workshop with makers"},
        original_name="workshop.png",
        content_type="image/png",
        size=0,
    )
    content = png_bytes()
    image.size = len(content)
    image.file.save("workshop.png", ContentFile(content), save=True)
    return image


def document_of(practice: GoodPractice, title: str = "Final report") -> PracticeDocument:
    """Store a document about ``practice`` and return it."""
    document = PracticeDocument(
        practice=practice,
        title=title,
        original_name="report.pdf",
        content_type="application/pdf",
        size=9,
    )
    document.file.save("report.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return document

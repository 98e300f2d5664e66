"""The addresses of a practice: its public page and its staff page, absolute for e-mails."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from learninglab.practices.models import GoodPractice


def public_url(practice: GoodPractice) -> str:
    return reverse("practices:detail", args=[practice.slug])


def staff_url(practice: GoodPractice) -> str:
    return reverse("practices:staff_detail", args=[practice.slug])


def absolute(path: str) -> str:
    return settings.SITE_URL + path

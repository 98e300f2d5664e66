"""The multilingual text: its value, model field, form field, widget and template filter."""

from __future__ import annotations

import pickle

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from learninglab.core.multilingual import Multilingual, MultilingualFormField
from learninglab.labs.models import Lab
from learninglab.labs.tests.factories import LabFactory

TIMISOARA = {"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"}


# The value


def test_a_text_is_given_in_the_language_asked_for():
    text = Multilingual(TIMISOARA).in_("ro")

    assert text == "Municipiul Timișoara"
    assert (text.language, text.is_fallback) == ("ro", False)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # English comes before the partner's language
        ({"it": "Laboratorio", "ro": "Atelier", "en": "Lab"}, ("en", "Lab")),
        ({"it": "Laboratorio", "ro": "Atelier"}, ("ro", "Atelier")),
        ({"it": "Laboratorio", "fi": "Laboratorio FI"}, ("it", "Laboratorio")),
        ({"en": "  ", "fi": "Työpaja"}, ("fi", "Työpaja")),
    ],
)
def test_a_missing_text_falls_back_to_english_then_the_partners_language_then_any(texts, expected):
    text = Multilingual(texts).in_("nl", fallback="ro")

    assert (text.language, str(text)) == expected
    assert text.is_fallback


def test_an_empty_value_gives_an_empty_text_and_is_false():
    assert Multilingual().in_("ro") == ""
    assert not Multilingual({"ro": " ", "en": ""})
    assert Multilingual({"ro": "x"})


def test_str_is_the_text_in_the_active_language():
    texts = Multilingual(TIMISOARA)

    with translation.override("ro"):
        assert str(texts) == "Municipiul Timișoara"
    with translation.override("en"):
        assert f"{texts}" == "Municipality of Timișoara"


def test_the_value_equals_its_dict_and_cannot_be_changed():
    texts = Multilingual(TIMISOARA)

    assert texts == TIMISOARA
    assert texts.languages == ("ro", "en")
    with pytest.raises(TypeError):
        texts["it"] = "Comune"
    with pytest.raises(TypeError):
        texts.update(it="Comune")
    assert pickle.loads(pickle.dumps(texts)) == texts  # noqa: S301 - our own bytes


def test_replaced_changes_the_given_languages_and_keeps_the_others():
    texts = Multilingual({"it": "Testo", "ro": "Vechi", "en": "Old"})

    assert texts.replaced({"ro": "Nou", "en": ""}, languages=["ro", "en"]) == {
        "it": "Testo",
        "ro": "Nou",
    }


# The model field


@pytest.mark.django_db
def test_the_model_keeps_the_json_shape_and_falls_back_to_english_then_its_partners(partner):
    lab = LabFactory(partner=partner, theme={"ro": "Tema", "en": "Theme"})

    lab = Lab.objects.get(pk=lab.pk)
    assert isinstance(lab.theme, Multilingual)
    assert Lab.objects.filter(pk=lab.pk).values_list("theme", flat=True).get() == {
        "ro": "Tema",
        "en": "Theme",
    }
    # Italian is missing: English, the project's common language, before Romanian.
    assert lab.theme.in_("it") == "Theme"
    lab.theme = {"ro": "Tema", "fi": "Teema"}
    assert lab.theme.in_("it") == "Tema"  # then the partner's (Timișoara's) own
    lab.description = {"en": "Bring a laptop."}
    assert isinstance(lab.description, Multilingual)
    assert lab.description.in_("ro").is_fallback


@pytest.mark.django_db
def test_a_plain_string_is_taken_as_english(partner):
    partner.institution = "Municipality of Timișoara"

    assert partner.institution == {"en": "Municipality of Timișoara"}


# The form field and its widget


class NameForm(forms.Form):
    name = MultilingualFormField(
        label="Name", languages=["ro", "en"], max_length=10, required_language="ro"
    )


def test_each_language_has_its_own_labelled_input():
    html = str(NameForm(initial={"name": TIMISOARA})["name"])

    assert '<label for="id_name_ro">Romanian</label>' in html
    assert '<label for="id_name_en">English</label>' in html
    assert 'name="name_ro"' in html
    assert 'lang="ro"' in html
    assert 'maxlength="10"' in html


def test_the_form_field_cleans_to_the_filled_languages():
    form = NameForm({"name_ro": " Timișoara ", "name_en": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == {"ro": "Timișoara"}


def test_the_form_field_checks_each_languages_length_and_the_required_language():
    form = NameForm({"name_ro": "", "name_en": "Far too long a name"})

    assert not form.is_valid()
    assert form.errors["name"] == [
        "English: Ensure this value has at most 10 characters (it has 19)."
    ]
    form = NameForm({"name_ro": "", "name_en": "Name"})
    assert form.errors["name"] == ["Write it in Romanian."]


def test_a_required_field_asks_for_one_language_at_least():
    field = MultilingualFormField(languages=["ro", "en"])

    with pytest.raises(forms.ValidationError):
        field.clean(["", " "])
    assert field.clean(["", "Lab"]) == {"en": "Lab"}


# The template filter


def test_the_filter_shows_a_value_in_a_given_language_and_tells_a_fallback():
    template = Template(
        "{% load multilingual %}{% with name=texts|in_language:'it' %}"
        "{{ name }}{% if name.is_fallback %} ({{ name.language }}){% endif %}{% endwith %}"
    )

    html = template.render(Context({"texts": Multilingual(TIMISOARA)}))

    assert html == "Municipality of Timișoara (en)"

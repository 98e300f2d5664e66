"""Texts written in several languages: one model field, its form field and its widget.

A lab's theme, an agenda item's title, a partner's name, a question of the live wall:
each is kept as ``{"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"}``
in a JSON column, and read in Python as a ``Multilingual`` value. Which text a reader
gets is decided here and nowhere else (``Multilingual.in_``): the language asked for,
else English, else the partner's main language, else any language that has a text.
A reader who asked for a language the text is not written in (an Italian reading a
Romanian lab's page, a Dutch participant's invitation) understands English, the
project's common language, sooner than the partner's own.

Why our own field rather than django-i18nfield (which does support Django 5.2):

- it keeps its JSON in a text column, so every existing row would need a data migration,
  while ``MultilingualField`` is a ``JSONField`` and changes no stored data;
- its fallback goes to ``settings.LANGUAGE_CODE``, whereas ours goes to the partner's
  own language first;
- its widget names each language's input only by a placeholder or a title; ours gives
  each input a ``<label>``, as our WCAG AA pages need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from learninglab.core.languages import FALLBACK_LANGUAGE


def language_name(code: str) -> str:
    """Return the name of the language ``code`` in the active language ("Romanian")."""
    return str(dict(settings.STAKEHOLDER_LANGUAGES).get(code, code))


class Text(str):
    """A text as read from a ``Multilingual``: the language it is in, and whether it is
    a fallback (not in the language asked for), so that a page can say so."""

    language: str
    is_fallback: bool

    def __new__(cls, value: str = "", *, language: str = "", is_fallback: bool = False) -> Text:
        text = super().__new__(cls, value)
        text.language, text.is_fallback = language, is_fallback
        return text


class Multilingual(dict[str, str]):
    """One text in several languages, ``{"ro": "...", "en": "..."}``; not to be changed.

    It is a ``dict`` so that it compares equal to one, is stored and audited as one; the
    methods that would change it are refused. ``str()`` gives the text in the active
    language; a value is true when it has a text in some language.
    """

    def __init__(
        self,
        texts: Mapping[str, str] | None = None,
        *,
        fallback: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__({str(code): str(text) for code, text in (texts or {}).items()})
        # Where the partner's main language is found: asked only when a text is missing.
        self._fallback = fallback

    @classmethod
    def of(cls, value: Any) -> Multilingual:
        """Return ``value`` as a ``Multilingual``; a plain string is taken as English."""
        if isinstance(value, Multilingual):
            return value
        if value is None:
            return cls()
        if isinstance(value, str):
            return cls({FALLBACK_LANGUAGE: value} if value else {})
        return cls(value)

    def get(self, language: str, default: str = "") -> str:  # type: ignore[override]
        """Return the text in exactly ``language`` (stripped), else ``default``."""
        return (super().get(language) or "").strip() or default

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages that have a text, in the order they were written."""
        return tuple(code for code in self if self.get(code))

    def in_(self, language: str, *, fallback: str | None = None) -> Text:
        """Return the text in ``language``; else in English; else in ``fallback`` (the
        partner's main language: the model's own when not given); else in any language
        that has one; else ``""``.

        This is the one place where the order of the fallbacks is decided.
        """
        if text := self.get(language):
            return Text(text, language=language)
        if text := self.get(FALLBACK_LANGUAGE):
            return Text(text, language=FALLBACK_LANGUAGE, is_fallback=True)
        if fallback is None and self._fallback is not None:
            fallback = self._fallback()
        for code in (fallback, *self.languages):
            if code and (text := self.get(code)):
                return Text(text, language=code, is_fallback=True)
        return Text("", language=language)

    def replaced(self, texts: Mapping[str, str], *, languages: Iterable[str]) -> Multilingual:
        """Return a copy whose ``languages`` are those of ``texts`` (dropped when empty);
        the texts in other languages stay as they are."""
        shown = set(languages)
        kept = {code: text for code, text in self.items() if code not in shown}
        written = {code: text.strip() for code, text in texts.items() if text and text.strip()}
        return Multilingual({**kept, **written}, fallback=self._fallback)

    def __str__(self) -> str:
        return str(self.in_(translation.get_language() or FALLBACK_LANGUAGE))

    def __repr__(self) -> str:
        return f"Multilingual({dict(self)!r})"

    def __bool__(self) -> bool:
        return bool(self.languages)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Multilingual, (dict(self),))

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("A Multilingual text cannot be changed; make a new one.")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]


# Models


class _MultilingualAttribute(DeferredAttribute):
    """Turn what is assigned to the attribute (a dict, a string) into a ``Multilingual``
    that knows where to find its object's partner language."""

    field: MultilingualField

    def __set__(self, instance: models.Model, value: Any) -> None:
        language_of = self.field.fallback_language
        fallback = (lambda: language_of(instance)) if language_of else None
        texts = value if isinstance(value, dict) else Multilingual.of(value)
        instance.__dict__[self.field.attname] = Multilingual(texts, fallback=fallback)


class MultilingualField(models.JSONField):
    """A text in several languages, stored as JSON ``{"ro": "...", "en": "..."}``.

    ``fallback_language(obj)`` returns the main language of the object's partner, the
    first fallback when a text is missing in the language asked for; ``max_length`` is
    the longest text allowed in each language (checked by the form field).
    """

    descriptor_class = _MultilingualAttribute

    def __init__(
        self,
        *args: Any,
        max_length: int | None = None,
        fallback_language: Callable[[Any], str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.text_max_length = max_length
        self.fallback_language = fallback_language
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        loaded = super().from_db_value(value, expression, connection)
        return Multilingual.of(loaded) if isinstance(loaded, dict) else loaded

    def to_python(self, value: Any) -> Multilingual:
        return Multilingual.of(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, str):
            value = Multilingual.of(value)
        return super().get_prep_value(dict(value) if isinstance(value, dict) else value)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        """Return a ``MultilingualFormField``; pages pass the ``languages`` to offer (the
        partner's and English), the admin gets every language a stakeholder may have."""
        defaults = {
            "form_class": MultilingualFormField,
            "languages": [code for code, _name in settings.STAKEHOLDER_LANGUAGES],
            "max_length": self.text_max_length,
            "required": not self.blank,
            "initial": None,
            "show_hidden_initial": False,
        }
        return super(models.JSONField, self).formfield(**{**defaults, **kwargs})


# Forms


def form_field(
    model: type[models.Model], name: str, *, languages: Sequence[str], **kwargs: Any
) -> MultilingualFormField:
    """Return the form field of ``model``'s multilingual field ``name`` in ``languages``,
    with the model's length per language; ``kwargs`` go to ``MultilingualFormField``."""
    field = model._meta.get_field(name)
    if not isinstance(field, MultilingualField):
        raise TypeError(f"{model.__name__}.{name} is not a MultilingualField")
    return cast(MultilingualFormField, field.formfield(languages=languages, **kwargs))


class MultilingualWidget(forms.MultiWidget):
    """One input (or text area) per language, each with a ``<label>`` naming its language.

    The inputs are named ``<field>_<language>`` (``theme_ro``) and carry ``lang``; the
    page puts the whole in a ``<fieldset>`` whose legend is the field's label.
    """

    template_name = "core/widgets/multilingual.html"
    use_fieldset = True

    def __init__(
        self,
        languages: Sequence[str],
        *,
        rows: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        self.languages = list(languages)
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: (
                forms.Textarea(attrs={"rows": rows, "lang": code})
                if rows
                else forms.TextInput(attrs={"lang": code})
            )
            for code in self.languages
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        texts = Multilingual.of(value)
        return [texts.get(code) for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for code, subwidget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            subwidget["language_name"] = language_name(code)
            if id_:  # "id_theme_ro" rather than "id_theme_0", like the input's name
                subwidget["attrs"]["id"] = f"{id_}_{code}"
        return context

    def id_for_label(self, id_: str) -> str:
        return ""  # each language's input has its own label


class MultilingualFormField(forms.MultiValueField):
    """A text in the given languages; cleans to a ``Multilingual`` of the filled ones.

    ``required`` asks for a text in at least one language, ``required_language`` for one
    in that language; ``max_length`` applies to each language's text.
    """

    default_error_messages = {
        "required": _("Write it in at least one language."),
        "language_required": _("Write it in %(language)s."),
    }

    def __init__(
        self,
        *,
        languages: Sequence[str],
        max_length: int | None = None,
        rows: int | None = None,
        required_language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.languages = list(languages)
        self.required_language = required_language
        fields = [forms.CharField(max_length=max_length, required=False) for _ in self.languages]
        kwargs.pop("encoder", None), kwargs.pop("decoder", None)
        kwargs.setdefault("widget", MultilingualWidget(self.languages, rows=rows))
        super().__init__(fields, require_all_fields=False, **kwargs)
        if max_length is not None:
            for widget in self.widget.widgets:
                widget.attrs.setdefault("maxlength", str(max_length))

    def clean(self, value: Any) -> Multilingual:
        if not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        texts, errors = {}, []
        for code, field, text in zip(self.languages, self.fields, value, strict=False):
            try:
                texts[code] = field.clean(text)
            except ValidationError as error:
                errors += [
                    _("%(language)s: %(error)s") % {"language": language_name(code), "error": m}
                    for m in error.messages
                ]
        if errors:
            raise ValidationError(errors)
        result = Multilingual().replaced(texts, languages=self.languages)
        if self.required and not result:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.required_language and not result.get(self.required_language):
            raise ValidationError(
                self.error_messages["language_required"],
                code="language_required",
                params={"language": language_name(self.required_language)},
            )
        return result

    def compress(self, data_list: list[str]) -> Multilingual:
        return Multilingual(dict(zip(self.languages, data_list, strict=False)))

    def has_changed(self, initial: Any, data: Any) -> bool:
        typed = [(text or "").strip() for text in (data or [])]
        return typed != self.widget.decompress(initial)

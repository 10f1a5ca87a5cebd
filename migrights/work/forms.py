"""Forms of the workflow screens: they read what a person typed; the rules live in ``workflow``."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from migrights.assessments.models import Answer, Assignment, Evidence, Role
from migrights.framework.models import Framework
from migrights.reference.countries import localized_country_name
from migrights.reference.models import Country


class AnswerForm(forms.Form):
    """One indicator's answer as posted by autosave or by the Save button."""

    status = forms.ChoiceField(choices=Answer.Status.choices, initial=Answer.Status.VALUE, label=_("Status"))
    value = forms.CharField(required=False, max_length=40, label=_("Answer"))
    confidence = forms.ChoiceField(
        choices=Answer.Confidence.choices, initial=Answer.Confidence.MEDIUM, label=_("Confidence")
    )
    comment = forms.CharField(required=False, max_length=5000, label=_("Comment"))
    version = forms.IntegerField(required=False, min_value=0, label=_("Version"))
    replace_version = forms.IntegerField(
        required=False, min_value=0, help_text=_("overwrite this newer version"), label=_("Version")
    )

    def typed(self) -> dict[str, str]:
        """What the person typed, as text, whether valid or not (kept in the inputs when refused)."""
        return {name: str(self.data.get(name, "")) for name in ("status", "value", "confidence", "comment", "version")}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(choices=Evidence.Kind.choices, label=_("Kind of evidence"))
    citation = forms.CharField(required=False, max_length=500, label=_("Legal citation"))
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label=_("Web address"))
    excerpt = forms.CharField(required=False, max_length=10000, label=_("Quoted excerpt"))
    accessed = forms.DateField(required=False, label=_("Date accessed"))
    document = forms.FileField(required=False, label=_("PDF document"))


class CommentForm(forms.Form):
    text = forms.CharField(max_length=5000, label=_("Comment"))


class AdjudicateForm(forms.Form):
    status = forms.ChoiceField(choices=Answer.Status.choices, initial=Answer.Status.VALUE, label=_("Status"))
    value = forms.CharField(required=False, max_length=40, label=_("Value"))
    reason = forms.CharField(max_length=5000, label=_("Reason"))


class DecisionForm(forms.Form):
    comment = forms.CharField(required=False, max_length=5000, label=_("Comment"))


class _CountriesInOrder(forms.models.ModelChoiceIterator):
    """The countries by their name in the page's language (``Allemagne`` among the A in French)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(country) for country in self.queryset]
        yield from sorted(choices, key=lambda choice: _sort_key(str(choice[1])))


def _sort_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


class CountryField(forms.ModelChoiceField):
    """A state chosen by its name in the page's language (ISO 3166's translations)."""

    iterator = _CountriesInOrder

    def label_from_instance(self, obj: Country) -> str:
        return localized_country_name(obj.code, obj.name, (get_language() or "en").split("-")[0])


def _states() -> forms.ModelChoiceField:
    return CountryField(
        queryset=Country.objects.filter(kind=Country.Kind.STATE).order_by("name"),
        to_field_name="code",
        empty_label=_("Choose a country"),
        label=_("Country"),
    )


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(Q(groups__name=Role.EXPERT) | Q(groups__name=Role.REVIEWER))
        .distinct()
        .order_by("username"),
        to_field_name="username",
        empty_label=_("Choose a person"),
        label=_("Person"),
    )
    country = _states()
    role = forms.ChoiceField(choices=Assignment.As.choices, label=_("As"))


class OpenAssessmentForm(forms.Form):
    country = _states()
    year = forms.IntegerField(min_value=1990, max_value=2100, label=_("Year"))
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(), required=False, empty_label=_("Newest version"), label=_("Framework")
    )


class ReleaseForm(forms.Form):
    version = forms.CharField(max_length=20, label=_("Release number"), help_text=_("year.number, such as 2026.1"))
    notes = forms.CharField(required=False, max_length=5000, widget=forms.Textarea, label=_("Notes"))


def form_problem(form: forms.Form) -> str:
    """A refused form's errors in one line, each after its field's label (``Year: Ensure this value...``)."""
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )

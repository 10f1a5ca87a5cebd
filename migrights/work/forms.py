"""Forms of the workflow screens: they read what a person typed; the rules live in ``workflow``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q

from migrights.assessments.models import Answer, Assignment, Evidence, Role
from migrights.framework.models import Framework
from migrights.reference.models import Country


class AnswerForm(forms.Form):
    """One indicator's answer as posted by autosave or by the Save button."""

    status = forms.ChoiceField(choices=Answer.Status.choices, initial=Answer.Status.VALUE)
    value = forms.CharField(required=False, max_length=40)
    confidence = forms.ChoiceField(choices=Answer.Confidence.choices, initial=Answer.Confidence.MEDIUM)
    comment = forms.CharField(required=False, max_length=5000)
    version = forms.IntegerField(required=False, min_value=0)
    replace_version = forms.IntegerField(required=False, min_value=0, help_text="overwrite this newer version")

    def typed(self) -> dict[str, str]:
        """What the person typed, as text, whether valid or not (kept in the inputs when refused)."""
        return {name: str(self.data.get(name, "")) for name in ("status", "value", "confidence", "comment", "version")}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(choices=Evidence.Kind.choices)
    citation = forms.CharField(required=False, max_length=500)
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    excerpt = forms.CharField(required=False, max_length=10000)
    accessed = forms.DateField(required=False)
    document = forms.FileField(required=False)


class CommentForm(forms.Form):
    text = forms.CharField(max_length=5000)


class AdjudicateForm(forms.Form):
    status = forms.ChoiceField(choices=Answer.Status.choices, initial=Answer.Status.VALUE)
    value = forms.CharField(required=False, max_length=40)
    reason = forms.CharField(max_length=5000)


class DecisionForm(forms.Form):
    comment = forms.CharField(required=False, max_length=5000)


def _states() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Country.objects.filter(kind=Country.Kind.STATE).order_by("name"),
        to_field_name="code",
        empty_label="Choose a country",
    )


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(Q(groups__name=Role.EXPERT) | Q(groups__name=Role.REVIEWER))
        .distinct()
        .order_by("username"),
        to_field_name="username",
        empty_label="Choose a person",
        label="Person",
    )
    country = _states()
    role = forms.ChoiceField(choices=Assignment.As.choices, label="As")


class OpenAssessmentForm(forms.Form):
    country = _states()
    year = forms.IntegerField(min_value=1990, max_value=2100)
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(), required=False, empty_label="Newest version", label="Framework"
    )


class ReleaseForm(forms.Form):
    version = forms.CharField(max_length=20, label="Release number", help_text="year.number, such as 2026.1")
    notes = forms.CharField(required=False, max_length=5000, widget=forms.Textarea, label="Notes")

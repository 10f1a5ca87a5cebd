"""Reference registry: sources, countries, instruments, treaty actions, import runs."""

from __future__ import annotations

import datetime as dt

from django.db import models

from migrights.lib.labels import LocalText, translated
from migrights.lib.vocabulary import ACTIONS
from migrights.reference.fields import PartialDateField

# what kind of document a source is: the depositary's own record; an official list or report of an
# organisation or government; a secondary page reproducing an official list; another secondary
# source; a published dataset; the project's own notes (never enough for a fact)
SOURCE_KINDS = ("depositary", "official", "reproduction", "secondary", "dataset", "internal")


class Source(models.Model):
    """Where a fact comes from: every fact row points to one."""

    key = models.SlugField(max_length=120, unique=True)
    producer = models.CharField(max_length=200)
    title = models.CharField(max_length=400)
    citation = models.TextField(blank=True)
    url = models.URLField(max_length=600, blank=True)
    published = PartialDateField(null=True, blank=True)
    accessed = models.DateField()
    licence = models.CharField(max_length=200, blank=True)
    checksum = models.CharField(max_length=80, blank=True, help_text="sha256:<hex> of the raw file kept")
    raw_file = models.CharField(
        max_length=300, blank=True, help_text="path of the kept raw file, under the data folder"
    )
    note = models.TextField(blank=True)
    # what kind of document it is and whether a copy was read (docs/data-sources.md): a fact may rest
    # only on a source that was read; the data audit counts the rows that do not
    kind = models.CharField(max_length=20, blank=True, choices=[(k, k) for k in SOURCE_KINDS])
    read = models.BooleanField(null=True, help_text="a copy was read (unknown for older sources)")
    # the language its title and producer are written in (ISO 639-1), so that pages mark it
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.producer}: {self.title}"


class Country(models.Model):
    """A state, a territory, a predecessor state or a non-state treaty participant."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        TERRITORY = "territory", "Territory"
        PREDECESSOR = "predecessor", "Former state"
        ORGANISATION = "organisation", "International organisation"

    code = models.CharField(max_length=4, unique=True, help_text="ISO 3166-1 alpha-3, ISO 3166-3, or a documented code")
    iso2 = models.CharField(max_length=2, blank=True)
    m49 = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=120)
    official_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    region = models.CharField(max_length=40, blank=True)
    subregion = models.CharField(max_length=60, blank=True)
    un_member_since = models.PositiveSmallIntegerField(null=True, blank=True)
    un_observer = models.BooleanField(default=False)
    existed_until = models.PositiveSmallIntegerField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, related_name="predecessors", blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def existed_on(self, on: dt.date) -> bool:
        """Former states drop out of party lists after the year they ceased to exist."""
        return self.existed_until is None or on.year <= self.existed_until


class Instrument(models.Model):
    """A treaty, protocol, ILO convention or recommendation, charter, declaration or compact."""

    class Kind(models.TextChoices):
        TREATY = "treaty", "Treaty"
        PROTOCOL = "protocol", "Protocol"
        CONVENTION = "convention", "Convention"
        CHARTER = "charter", "Charter"
        AGREEMENT = "agreement", "Agreement"
        RECOMMENDATION = "recommendation", "Recommendation"
        DECLARATION = "declaration", "Declaration"
        COMPACT = "compact", "Compact"

    class Scope(models.TextChoices):
        GLOBAL = "global", "Global"
        REGIONAL = "regional", "Regional"

    code = models.CharField(max_length=24, unique=True)
    title = models.CharField(max_length=400)
    short_title = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    binding = models.BooleanField()
    ratifiable = models.BooleanField()
    scope = models.CharField(max_length=8, choices=Scope.choices)
    region = models.CharField(max_length=60, blank=True)
    organisation = models.CharField(max_length=120)
    adopted = PartialDateField(null=True, blank=True)
    opened_for_signature = PartialDateField(null=True, blank=True)
    entry_into_force = PartialDateField(null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    reference = models.CharField(
        max_length=40, blank=True, help_text="depositary's reference, e.g. IV-13, C189, ETS 093"
    )
    depositary_url = models.URLField(max_length=600, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    # completeness of the treaty actions held (docs/data-sources.md): complete as of a date from a named
    # source (a state without an act is then not bound up to that date), or partial (it is unknown)
    complete_as_of = models.DateField(null=True, blank=True)
    completeness_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="complete_instruments"
    )
    completeness_note = models.TextField(blank=True)
    # the number of parties a read source states as of a date, for the data audit to compare with
    stated_parties = models.PositiveIntegerField(null=True, blank=True)
    stated_parties_as_of = models.DateField(null=True, blank=True)
    stated_parties_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="counted_instruments"
    )
    # eligibility: who may become party (blank: every state), and states the depositary does not accept
    open_to = models.CharField(
        max_length=40, blank=True, help_text="organisation or governance body whose members may join"
    )
    closed_to = models.CharField(max_length=200, blank=True, help_text="country codes separated by ;")
    eligibility_note = models.TextField(blank=True)
    # official titles in other languages, each with the key of the source read: {"fr": {"title": ..., "source": ...}}
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.short_title}"

    @property
    def is_complete(self) -> bool:
        return self.complete_as_of is not None

    def local_title(self, short: bool = False) -> LocalText:
        """The official title in the active language where one was read, else the English one (marked English);
        ``short``: the short title, for which a translated official title stands in."""
        english = self.short_title if short else self.title
        field = "short_title" if short else "title"
        texts = {lang: {field: t.get(field) or t["title"]} for lang, t in (self.translations or {}).items()}
        return translated(english, texts, field)

    def closed_codes(self) -> list[str]:
        return [c for c in self.closed_to.split(";") if c]


class OrganisationMembership(models.Model):
    """Membership of an organisation whose members may join its instruments (eligibility, not governance)."""

    organisation = models.SlugField(max_length=40)
    organisation_name = models.CharField(max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="organisation_memberships")
    start = PartialDateField(null=True, blank=True, help_text="blank: a member before the series starts (1990)")
    end = PartialDateField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    note = models.TextField(blank=True)
    known = models.BooleanField(
        default=True,
        help_text="False: no read source establishes the membership, so whether the state could join is unknown.",
    )

    class Meta:
        ordering = ["organisation", "country__name", "start"]

    def __str__(self) -> str:
        return f"{self.country.code} in {self.organisation}"


class Provision(models.Model):
    """An article, objective or paragraph of an instrument."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="provisions")
    ref = models.CharField(max_length=20)
    kind = models.CharField(max_length=12, default="article")
    title = models.CharField(max_length=300)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "kind", "ref"], name="unique_provision")]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.kind} {self.ref}"


class ImportRun(models.Model):
    """One run of an importer: what it read, what it changed, what it refused."""

    class Outcome(models.TextChoices):
        LOADED = "loaded", "Loaded"
        DRY_RUN = "dry-run", "Dry run"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    dataset = models.CharField(max_length=120)
    file_name = models.CharField(max_length=300)
    checksum = models.CharField(max_length=80)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rows_read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.outcome})"


class TreatyAction(models.Model):
    """One act of one participant on one instrument. Status is derived from these, never stored."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="actions")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField(max_length=24, choices=[(a, a) for a in ACTIONS])
    date = PartialDateField()
    effective = PartialDateField(null=True, blank=True)
    reservation = models.BooleanField(default=False)
    declaration = models.BooleanField(default=False)
    articles = models.CharField(max_length=200, blank=True, help_text="articles concerned, separated by ;")
    note = models.TextField(blank=True)
    verified = models.BooleanField(default=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    dataset = models.CharField(max_length=120, help_text="the import channel that owns this row")

    class Meta:
        ordering = ["instrument__code", "country__name", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "country", "instrument", "action", "date"], name="unique_treaty_action"
            )
        ]
        indexes = [models.Index(fields=["instrument", "country"])]

    def __str__(self) -> str:
        return f"{self.country.code} {self.action} {self.instrument.code} {self.date}"


class Vote(models.Model):
    """A state's recorded vote on the adoption of a non-binding instrument."""

    class Choice(models.TextChoices):
        YES = "yes", "In favour"
        NO = "no", "Against"
        ABSTAIN = "abstain", "Abstained"
        ABSENT = "absent", "Did not vote"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="votes")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=8, choices=Choice.choices)
    date = PartialDateField()
    document = models.CharField(max_length=40)
    verified = models.BooleanField(default=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    dataset = models.CharField(max_length=120)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "country", "document"], name="unique_vote")]

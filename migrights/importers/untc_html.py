"""Parser for the UN Treaty Collection "Status of Treaties" pages, as saved from a browser.

Pure Python (lxml); no Django. ``parse_untc_html(text, file)`` returns a
:class:`~migrights.importers.records.ParseResult` with the acts named as the UNTC names them.

What is read, and from where
----------------------------
* **Participants table** (the ``<table>`` whose id ends in ``tblgrid``). Columns are found by
  their header text: the participant column (header starts with "Participant"), the signature
  column (header mentions "signature" and no consent word), the consent column (header mentions
  ratification, accession, succession, acceptance, approval, formal confirmation or consent),
  and any column whose header names a declaration under an article (read as
  ``procedure-acceptance`` for those articles). Other columns are reported once as a problem.
  Footnote markers (``<sup>``) are removed from names; their numbers are kept to connect the
  participant to the end-notes. Cell suffixes: none = ratification (signature in the signature
  column), ``a`` accession, ``d`` succession (``d`` in the signature column = succession to
  signature: a ``signature`` with note "succession to signature"), ``A`` acceptance, ``AA``
  approval, ``c`` consent (formal confirmation). A date in square brackets is an act no longer
  in force (the participant denounced); the act is kept (it happened) and the denunciation is
  read from the end-notes. A bracketed consent with no exit found in the notes is a problem.
* **Stated counts**: "Signatories : 35." and "Parties : 116." go to ``stated["signatories"]``
  and ``stated["parties"]``; also ``stated["title"]``, ``stated["reference"]`` (``IV-5``) and
  ``stated["status_as_at"]`` (ISO date) when present, and ``stated["predecessors"]``: the
  predecessor names emitted, joined by ``;``. UNTC counts as "Signatories" the
  participants that signed, whether or not they later became parties, and as "Parties" the
  current parties; predecessor States are in neither count.
* **Checks on the page itself** (each a problem, so the import refuses the page): the page
  must end after its participants table and with ``</html>`` (a truncated download otherwise
  loads as a page with fewer participants); a participant must not have two rows (identical or
  not); and, when every row of the table was read, the parties on ``status_as_at`` and the
  signatories read must equal the stated counts. The treaty reference is checked against the
  instrument by the importer (``reference.importing``), which knows the instrument.
* **End-notes** (``dgNotesAll``), read sentence by sentence:

  - *denunciations*: a sentence with a date that says a participant's Government notified or
    informed the Secretary-General of its denunciation / decision to denounce this instrument
    gives ``denunciation`` (``effective`` from "with effect from <date>" when stated, otherwise
    left empty: the parser does not compute treaty periods). Denunciations of other treaties
    (e.g. an ILO Convention mentioned in a CEDAW note) are ignored.
  - *accessions and re-accessions* stated in the notes ("initially acceded ... on <date>",
    "re-acceded", "On that same date ... re-acceded", "The new accession took effect on
    <date>"). An act already in the table (same action and date) is not repeated. A re-accession
    deposited together with a denunciation counts from the day the denunciation takes effect
    (``effective`` = that day), so that the participant stays a party without a gap, as the
    depositary records it (Guyana and Trinidad and Tobago, ICCPR-OP1). Two statements of the
    same re-accession (deposit date and effect date) are merged.
  - *predecessor States* ("The former Yugoslavia had signed and ratified the Covenant on D1 and
    D2, respectively", "Czechoslovakia acceded to ... on D", the German Democratic Republic,
    the Yemen Arab Republic, Democratic Yemen, the USSR, Serbia and Montenegro): their acts are
    emitted under the predecessor's name (``former Yugoslavia``, ``Czechoslovakia``...), with
    ``reservation`` / ``declaration`` when the sentence says they were made. The set of
    predecessor names is exported as :data:`PREDECESSORS`; they are not in the page's counts.
  - recognised and deliberately not turned into acts: acts "on behalf of the Republic of China"
    (the UN records China's participation under the People's Republic; the note only explains
    the history), "Democratic Kampuchea had signed" (the Cambodia row carries it), the
    Democratic People's Republic of Korea's 1997 notification of withdrawal from the ICCPR (the
    depositary holds that a withdrawal is not possible; the DPRK is still counted as a party),
    and "The formality was effected by ..." / "The signature was affixed on behalf of ..."
    (kept as a ``note`` on the participant's act). Notes about reservations, objections,
    territorial application and history are page furniture for this parser. A note that
    mentions a denunciation or a withdrawal from the instrument, or a predecessor's
    participation, and yields no act is reported as a problem.
* **Reservations and declarations** (section ``dgDec``; the "Objections" section ``dgObj`` is
  ignored: objections are made by other States). Each entry is split at its right-aligned date
  paragraphs. The undated part was made upon ratification/accession/succession (or upon
  signature, when the text says so or the participant has only signed) and sets the flags on
  that act; a dated part sets them on the act of that date when there is one, otherwise on the
  consent act. Heuristic: ``reservation`` when the part contains the word "reservation" /
  "reserves" or the phrase "not consider itself bound" (without being about a *withdrawal* of
  reservations); ``declaration`` when it contains "declar", "understanding", "interpret" or
  "statement" — and any part that is neither is counted as a declaration. ``articles`` lists
  the article numbers mentioned after "article(s)" (lists such as "articles 2, 13 (a) and 16"
  included), dropping numbers that belong to another text ("article 153 of the Basic Law",
  "article 19 of the Vienna Convention"). No text is copied.
* **Committee competence** (``procedure-acceptance``): entries of the section of declarations
  under articles (``dgDecUnderArticle``: ICERD 14, ICCPR 41, CAT 21/22, CPED 31/32,
  ICESCR-OP 10/11) and, on the other pages, parts of the declarations that recognise the
  competence of the Committee under the instrument's competence articles (ICRMW 76/77,
  CRC-OPIC 12). The articles are those of the instrument's set named in the part; failing
  that, inferred from its wording (communications from individuals vs. from a State Party,
  inquiry); failing that, the single article of the set. The date is the part's own date, or
  for an undated part the date of the consent act (the page says "unless otherwise indicated,
  the declarations were made upon ratification, accession or succession"). Parts that withdraw
  a declaration are skipped. When no date is recoverable (no own date and no consent act) the
  part is skipped and reported as a problem.

Not read (page furniture for this parser): the sections of notifications (``dgNotifications``:
ICCPR art. 4 derogations, OPCAT art. 17 national preventive mechanisms), territorial
application (``tblDec``), the objections (``dgObj``), and the navigation around the page.

Anything else the parser cannot read (a bad date, an unknown suffix, a row with the wrong
number of cells, a declaration for an unknown participant) becomes ``result.problem(row,
column, reason)``; nothing is skipped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from migrights.importers.records import ParsedAction, ParseResult
from migrights.importers.textfiles import cut_short
from migrights.lib.dates import PartialDate
from migrights.lib.status import parties_on
from migrights.lib.vocabulary import CONSENT_ACTIONS, EXIT_ACTIONS

__all__ = ["COMPETENCE_ARTICLES", "PREDECESSORS", "parse_untc_date", "parse_untc_html"]

CONSENT_SUFFIXES = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
    "c": "consent",
}

# Predecessor States as the notes name them -> the participant name we emit.
PREDECESSORS = {
    "former Yugoslavia": "former Yugoslavia",
    "Socialist Federal Republic of Yugoslavia": "former Yugoslavia",
    "Czechoslovakia": "Czechoslovakia",
    "Czech and Slovak Federal Republic": "Czechoslovakia",
    "German Democratic Republic": "German Democratic Republic",
    "Yemen Arab Republic": "Yemen Arab Republic",
    "Democratic Yemen": "Democratic Yemen",
    "Union of Soviet Socialist Republics": "Union of Soviet Socialist Republics",
    "Serbia and Montenegro": "Serbia and Montenegro",
}

# Articles under which a State may recognise a committee's competence, by UNTC reference.
COMPETENCE_ARTICLES: dict[str, tuple[str, ...]] = {
    "IV-2": ("14",),
    "IV-3-a": ("10", "11"),
    "IV-4": ("41",),
    "IV-9": ("21", "22"),
    "IV-11-d": ("12",),
    "IV-13": ("76", "77"),
    "IV-16": ("31", "32"),
}
# Which kind of procedure each competence article is (to infer it from the wording).
_INDIVIDUAL = {"14", "22", "77", "31"}
_INTER_STATE = {"41", "21", "76", "32", "10", "12"}
_INQUIRY = {"11"}

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(_MONTH_NAMES)}
LONG_DATE = r"\d{1,2}\s+(?:" + "|".join(_MONTH_NAMES) + r")\s+\d{4}"
_LONG_DATE_RE = re.compile(LONG_DATE)
_CELL_RE = re.compile(r"^(\d{1,2} [A-Za-z]{3,9}\.? \d{4})(?: ([A-Za-z]{1,3}))?$")
_WS = re.compile(r"\s+")
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z0-9)\]\"\u201d\u2019'])\.\s*(?=[A-Z\u201c\"(])")


def _clean(text: str | None) -> str:
    return _WS.sub(" ", (text or "").replace("\xa0", " ")).strip()


def parse_long_date(text: str) -> PartialDate:
    """Read ``12 September 1989`` (the form used in notes and declarations)."""
    parts = _clean(text).rstrip("*").split()
    if len(parts) != 3 or parts[1].lower() not in _MONTH_NUMBER:
        raise ValueError(f"{text!r} is not a date written like '12 September 1989'")
    return PartialDate(dt.date(int(parts[2]), _MONTH_NUMBER[parts[1].lower()], int(parts[0])))


def parse_untc_date(text: str) -> tuple[PartialDate, str]:
    """Read a table cell ``5 Jun 2007 a`` into (date, suffix); raises ValueError."""
    match = _CELL_RE.match(_clean(text))
    if not match:
        raise ValueError(f"cannot read {text!r} as a date like '5 Jun 2007 a'")
    return PartialDate.parse_un(match.group(1).replace(".", "")), match.group(2) or ""


@dataclass
class _Act:
    """A mutable act while the page is being read."""

    participant: str
    action: str
    date: PartialDate
    effective: PartialDate | None = None
    reservation: bool = False
    declaration: bool = False
    articles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    location: str = ""
    reaccession: bool = False

    def freeze(self) -> ParsedAction:
        return ParsedAction(
            participant=self.participant,
            action=self.action,
            date=self.date,
            effective=self.effective,
            reservation=self.reservation,
            declaration=self.declaration,
            articles=tuple(dict.fromkeys(self.articles)),
            note="; ".join(dict.fromkeys(self.notes)),
            location=self.location,
        )


@dataclass
class _Page:
    result: ParseResult
    acts: dict[str, list[_Act]] = field(default_factory=lambda: defaultdict(list))
    footnotes: dict[str, list[str]] = field(default_factory=dict)  # participant -> note numbers
    header_notes: list[str] = field(default_factory=list)
    bracketed: dict[str, int] = field(default_factory=dict)  # participant -> row
    predecessors: set[str] = field(default_factory=set)
    reference: str = ""

    def add(self, act: _Act) -> _Act:
        for old in self.acts[act.participant]:
            if old.action == act.action and old.date == act.date:
                old.reservation |= act.reservation
                old.declaration |= act.declaration
                old.effective = old.effective or act.effective
                old.notes.extend(act.notes)
                return old
        self.acts[act.participant].append(act)
        return act

    def consent(self, participant: str) -> _Act | None:
        acts = [a for a in self.acts.get(participant, []) if a.action in CONSENT_ACTIONS]
        return max(acts, key=lambda a: a.date) if acts else None

    def first_consent(self, participant: str) -> _Act | None:
        acts = [a for a in self.acts.get(participant, []) if a.action in CONSENT_ACTIONS]
        return min(acts, key=lambda a: a.date) if acts else None

    def signature(self, participant: str) -> _Act | None:
        acts = [a for a in self.acts.get(participant, []) if a.action == "signature"]
        return acts[0] if acts else None


def _find_table(doc, suffix: str):
    for table in doc.iter("table"):
        if (table.get("id") or "").endswith(suffix):
            return table
    return None


def _by_id_suffix(doc, suffix: str):
    for element in doc.iter():
        ident = element.get("id") if isinstance(element.tag, str) else None
        if ident and ident.endswith(suffix):
            return element
    return None


def _pop_sups(cell) -> list[str]:
    """Remove ``<sup>`` footnote markers from ``cell`` (keeping tails); return their numbers."""
    numbers: list[str] = []
    for sup in list(cell.iter("sup")):
        numbers.extend(re.findall(r"\d+", sup.text_content()))
        sup.drop_tree()
    return numbers


def _rows(table):
    return [tr for tr in table.iter("tr")]


# --------------------------------------------------------------------------------------------
# the participants table


def _column_kind(header: str) -> tuple[str, tuple[str, ...]]:
    low = header.lower()
    if low.startswith("participant"):
        return "participant", ()
    if "article" in low and "declar" in low:
        return "procedure", tuple(re.findall(r"\d+", header))
    consent_words = (
        "ratification",
        "accession",
        "succession(d)",
        "acceptance",
        "approval",
        "formal confirmation",
        "consent",
    )
    if "signature" in low and not any(w in low for w in consent_words[:2] + consent_words[3:]):
        return "signature", ()
    if any(w in low for w in consent_words) or "succession" in low:
        return "consent", ()
    return "other", ()


def _read_table(page: _Page, table) -> None:
    result = page.result
    rows = _rows(table)
    if not rows:
        result.problem(None, None, "participants table has no rows")
        return
    header_cells = rows[0].findall("td") or rows[0].findall("th")
    headers: list[str] = []
    for cell in header_cells:
        page.header_notes.extend(_pop_sups(cell))
        headers.append(_clean(cell.text_content()))
    kinds = [_column_kind(h) for h in headers]
    if not kinds or kinds[0][0] != "participant":
        result.problem(
            0,
            headers[0] if headers else None,
            "first column of the participants table is not 'Participant'",
        )
        return
    if not any(k == "consent" for k, _ in kinds):
        result.problem(0, None, f"no consent column among headers {headers!r}")
    for header, (kind, _) in zip(headers, kinds, strict=True):
        if kind == "other":
            result.problem(0, header, "column not understood; its cells are not read")
    seen: dict[str, tuple[int, list[str]]] = {}  # participant -> (row, cells)
    for index, tr in enumerate(rows[1:], start=1):
        cells = tr.findall("td")
        if not cells:
            continue
        if len(cells) != len(headers):
            result.problem(index, None, f"row has {len(cells)} cells, the header has {len(headers)}")
            continue
        notes = _pop_sups(cells[0])
        name = _clean(cells[0].text_content())
        if not name:
            result.problem(index, headers[0], "empty participant name")
            continue
        content = [_clean(c.text_content()) for c in cells[1:]]
        if name in seen:
            first, first_content = seen[name]
            same = "identical to" if content == first_content else "different from"
            result.problem(index, headers[0], f"{name}: a second row for this participant, {same} row {first}")
            continue
        seen[name] = (index, content)
        page.footnotes.setdefault(name, []).extend(notes)
        for cell, header, (kind, articles) in zip(cells[1:], headers[1:], kinds[1:], strict=True):
            if kind == "other":
                continue
            text = _clean(cell.text_content())
            if not text:
                continue
            bracketed = text.startswith("[") and text.endswith("]")
            if bracketed:
                text = text[1:-1].strip()
            try:
                date, suffix = parse_untc_date(text)
            except ValueError as error:
                result.problem(index, header, f"{name}: {error}")
                continue
            note = []
            if kind == "signature":
                if suffix == "":
                    action = "signature"
                elif suffix == "d":
                    action, note = "signature", ["succession to signature"]
                else:
                    result.problem(index, header, f"{name}: unknown suffix {suffix!r} in {text!r}")
                    continue
            elif kind == "consent":
                if suffix not in CONSENT_SUFFIXES:
                    result.problem(index, header, f"{name}: unknown suffix {suffix!r} in {text!r}")
                    continue
                action = CONSENT_SUFFIXES[suffix]
            else:  # a column of declarations under articles
                if suffix:
                    result.problem(index, header, f"{name}: unexpected suffix {suffix!r}")
                    continue
                action = "procedure-acceptance"
            if bracketed:
                note.append("shown in brackets: no longer in force for this participant")
                if action in CONSENT_ACTIONS:
                    page.bracketed[name] = index
            page.add(_Act(name, action, date, articles=list(articles), notes=note, location=f"row {index}"))


# --------------------------------------------------------------------------------------------
# end-notes

_PRED_NAMES = "|".join(sorted(map(re.escape, PREDECESSORS), key=len, reverse=True))
_PRED_RE = re.compile(
    r"^(?:The\s+|the\s+)?(" + _PRED_NAMES + r")\s+(?:had\s+)?(?:previously\s+)?"
    r"(signed and ratified|signed|ratified|acceded to|succeeded to)\b(.*)$",
    re.S,
)
_DENOUNCE_RE = re.compile(r"denounc|denunciation", re.I)
_WITHDRAW_FROM_RE = re.compile(
    r"withdr[ae]w(?:al|s|n)?\s+from\s+the\s+(?:said\s+)?(?:Convention|Covenant|Protocol|"
    r"Optional Protocol)\b",
    re.I,
)
# "notified the Secretary-General of its denunciation / decision to denounce / that it denounced"
_DENUNCIATION_ACT_RE = re.compile(
    r"(?:notif|inform)\w*\b[^.]*?\b(?:its\s+denunciation|(?:decision|decided)\s+to\s+denounce"
    r"|that\s+it\s+(?:had\s+)?denounced|denounces)",
    re.I,
)
_EFFECT_RE = re.compile(
    r"(?:with effect from|taking effect on|take effect on|effective (?:as of |from |on )?)\s*"
    r"(" + LONG_DATE + ")",
    re.I,
)
_REACCESSION_RE = re.compile(r"\bre-?acceded\b|\breaccession\b", re.I)
_ACCEDED_RE = re.compile(r"\b(?:initially\s+)?acceded to the\b", re.I)
_TOOK_EFFECT_RE = re.compile(r"new accession took effect on (" + LONG_DATE + ")", re.I)
_OTHER_TREATY_RE = re.compile(r"ILO|Convention concerning|Convention No\.", re.I)


def _note_texts(page: _Page, table) -> dict[str, tuple[str, object]]:
    notes: dict[str, tuple[str, object]] = {}
    for div in table.iter("div"):
        if not (div.get("id") or "").endswith("divNotesAll"):
            continue
        anchor = div.find(".//a[@name]")
        text = _clean(div.text_content())
        number = anchor.get("name") if anchor is not None else None
        if number is None:
            match = re.match(r"(\d+)", text)
            number = match.group(1) if match else None
        if number is None:
            if text:
                page.result.problem(None, "end-notes", f"note without a number: {text[:60]!r}")
            continue
        if text.startswith(number):
            text = text[len(number) :].strip()
        notes[number] = (text, div)
    return notes


def _participant_in(text: str, names: list[str]) -> str | None:
    """The longest table participant named in ``text``."""
    best = None
    for name in names:
        if name in text and (best is None or len(name) > len(best)):
            best = name
    return best


def _read_notes(page: _Page, table) -> None:
    result = page.result
    notes = _note_texts(page, table)
    referrers: dict[str, list[str]] = defaultdict(list)
    for participant, numbers in page.footnotes.items():
        for number in numbers:
            referrers[number].append(participant)
    names = sorted(page.footnotes)
    for number, (text, _div) in notes.items():
        where = f"end-note {number}"
        yielded = _read_note(page, number, text, referrers.get(number, []), names)
        if yielded:
            continue
        if _is_recognised_non_act(text):
            continue
        mentions_exit = bool(_DENOUNCE_RE.search(text) or _WITHDRAW_FROM_RE.search(text))
        if mentions_exit and not _OTHER_TREATY_RE.search(text):
            result.problem(where, "end-notes", "mentions a denunciation or withdrawal but no act was read")
        elif _PRED_RE.match(text):
            result.problem(where, "end-notes", "predecessor's participation not read")


def _is_recognised_non_act(text: str) -> bool:
    if "Republic of China" in text and re.search(r"on behalf of the Republic of China", text):
        return True
    if "Democratic Kampuchea had signed" in text:
        return True
    # the depositary holds that a withdrawal from the ICCPR is not possible
    return "Democratic People's Republic of Korea" in text and "withdrawal from the Covenant" in text


def _read_note(page: _Page, number: str, text: str, referrers: list[str], names: list[str]) -> bool:
    """Emit the acts a note states; return True when it yielded (or annotated) acts."""
    where = f"end-note {number}"
    yielded = False
    # "The formality was effected by Democratic Yemen." / "signature was affixed on behalf of"
    formality = re.match(
        r"The (formality|signature) was (?:effected by|affixed on behalf of) "
        r"(?:the )?([^.]+)\.",
        text,
    )
    if formality and referrers:
        for participant in referrers:
            acts = page.acts.get(participant, [])
            if formality.group(1) == "signature":
                acts = [a for a in acts if a.action == "signature"]
            else:
                acts = [a for a in acts if a.action in CONSENT_ACTIONS] or acts
            for act in acts:
                act.notes.append(f"{formality.group(1)} effected by {formality.group(2)}")
        return True
    sentences = [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]
    last_date: PartialDate | None = None
    last_participant: str | None = None
    for sentence in sentences:
        pred = _PRED_RE.match(sentence)
        if pred:
            yielded |= _read_predecessor(page, pred, sentence, where)
            continue
        dates = _LONG_DATE_RE.findall(sentence)
        effect = _EFFECT_RE.search(sentence)
        named = _participant_in(sentence, names)
        if named and named not in referrers and referrers:
            # a note attached to a participant may name others (objecting States...)
            own = [r for r in referrers if r in sentence]
            named = own[0] if own else named
        participant = named or (referrers[0] if len(referrers) == 1 else None)
        took = _TOOK_EFFECT_RE.search(sentence)
        if took and last_participant:
            for act in page.acts[last_participant]:
                if act.reaccession and act is page.acts[last_participant][-1]:
                    act.effective = parse_long_date(took.group(1))
                    _merge_reaccessions(page, last_participant)
                    yielded = True
            continue
        own_dates = [d for d in dates if not effect or d != effect.group(1)]
        if sentence.startswith(("On that same date", "On the same date")) and last_date:
            date = last_date
        elif own_dates:
            date = parse_long_date(own_dates[0])
        else:
            date = None
        if (
            _DENUNCIATION_ACT_RE.search(sentence)
            and "Secretary-General" in sentence
            and not _OTHER_TREATY_RE.search(sentence)
            and date
            and participant
            and (
                f"Government of {participant}" in sentence
                or f"Government of the {participant}" in sentence
                or (participant in referrers and len(referrers) == 1)
            )
        ):
            act = _Act(
                participant,
                "denunciation",
                date,
                effective=parse_long_date(effect.group(1)) if effect else None,
                notes=[] if effect else ["effective date not stated in the note"],
                location=where,
            )
            page.add(act)
            last_date, last_participant, yielded = date, participant, True
            continue
        if participant and date and _REACCESSION_RE.search(sentence) and "Government" in sentence:
            act = _Act(
                participant,
                "accession",
                date,
                notes=["re-accession"],
                location=where,
                reservation="reservation" in sentence,
                reaccession=True,
            )
            _add_reaccession(page, act)
            last_date, last_participant, yielded = date, participant, True
            continue
        if participant and date and _ACCEDED_RE.search(sentence) and "Government" in sentence:
            page.add(
                _Act(
                    participant,
                    "accession",
                    date,
                    notes=["accession stated in end-note"],
                    location=where,
                )
            )
            last_date, last_participant, yielded = date, participant, True
            continue
    return yielded


def _add_reaccession(page: _Page, act: _Act) -> None:
    exits = [a for a in page.acts[act.participant] if a.action in EXIT_ACTIONS and a.effective and a.date <= act.date]
    if exits:
        latest = max(exits, key=lambda a: a.date)
        if latest.effective and latest.effective > act.date:
            act.effective = latest.effective
            act.notes.append("counted from the day the denunciation took effect")
    page.acts[act.participant].append(act)
    _merge_reaccessions(page, act.participant)


def _merge_reaccessions(page: _Page, participant: str) -> None:
    """Merge re-accessions that are the same act seen from its deposit and its effect date."""
    acts = page.acts[participant]
    merged: list[_Act] = []
    for act in acts:
        twin = None
        if act.action in CONSENT_ACTIONS:
            for other in merged:
                if other.action not in CONSENT_ACTIONS or not (other.reaccession or act.reaccession):
                    continue
                keys_a = {act.date, act.effective or act.date}
                keys_b = {other.date, other.effective or other.date}
                if keys_a & keys_b:
                    twin = other
                    break
        if twin is None:
            merged.append(act)
            continue
        first, second = sorted((twin, act), key=lambda a: a.date)
        twin.date = first.date
        twin.effective = max(filter(None, [first.effective, second.effective, second.date]), default=None)
        if twin.effective == twin.date:
            twin.effective = None
        twin.reservation |= act.reservation
        twin.declaration |= act.declaration
        twin.reaccession = True
        twin.notes = list(dict.fromkeys(first.notes + second.notes))
        twin.location = first.location
    page.acts[participant] = merged


def _read_predecessor(page: _Page, match: re.Match, sentence: str, where: str) -> bool:
    name = PREDECESSORS[match.group(1)]
    verb = match.group(2)
    rest = match.group(3)
    dates = [parse_long_date(d) for d in _LONG_DATE_RE.findall(rest)]
    reservation = bool(re.search(r"reservation", rest, re.I))
    declaration = bool(re.search(r"declaration", rest, re.I))
    if verb == "signed and ratified":
        if len(dates) < 2:
            page.result.problem(where, "end-notes", f"{name}: expected two dates")
            return False
        kinds = [("signature", dates[0]), ("ratification", dates[1])]
    elif not dates:
        page.result.problem(where, "end-notes", f"{name}: no date")
        return False
    else:
        action = {
            "signed": "signature",
            "ratified": "ratification",
            "acceded to": "accession",
            "succeeded to": "succession",
        }[verb]
        kinds = [(action, dates[0])]
    for action, date in kinds:
        consent = action != "signature"
        page.add(
            _Act(
                name,
                action,
                date,
                reservation=reservation and consent,
                declaration=declaration and consent,
                notes=["predecessor State (end-note)"],
                location=where,
            )
        )
    page.predecessors.add(name)
    return True


# --------------------------------------------------------------------------------------------
# declarations, reservations and declarations under articles

_ARTICLE_LIST_RE = re.compile(
    r"\b(?:[Aa]rticles?|[Aa]rts?\.)\s*\[?s?\]?\s+"
    r"\[?((?:\d+(?:\s*\([^)]{1,8}\))*)"
    r"(?:\s*(?:,|and|,\s*and|or|to)\s*(?:paragraphs?\s+\d+\s*(?:\([a-z]\))?\s*of\s+)?"
    r"\d+(?:\s*\([^)]{1,8}\))*)*)"
    r"(?=([^.;:]{0,40}))"
)
_FOREIGN_TEXT_RE = re.compile(
    r"^\s*,?\s*(?:paragraph\s+\d+\s*(?:\([a-z]\))?\s*,?\s*)?of\s+(?:the|its|our)\s+"
    r"(?:[\w-]+\s+){0,3}?(Basic Law|Constitution|Vienna Convention|Charter|Law|Act|Code|Statute|"
    r"Civil Code|Penal Code|Criminal Code|European Convention|American Convention|"
    r"Covenant on Economic|Universal Declaration)",
    re.I,
)


def find_articles(text: str, *, limit: int = 130) -> list[str]:
    """Article numbers mentioned after "article(s)"; lists included; other texts' excluded."""
    found: list[str] = []
    for match in _ARTICLE_LIST_RE.finditer(text):
        if _FOREIGN_TEXT_RE.match(match.group(2)):
            continue
        numbers = re.sub(r"\([^)]*\)", " ", match.group(1))
        numbers = re.sub(r"paragraphs?\s+\d+\s*(?:\([a-z]\))?\s*of\s+", " ", numbers)
        for number in re.findall(r"\d+", numbers):
            if 0 < int(number) <= limit and number not in found:
                found.append(number)
    return found


_RESERVATION_RE = re.compile(r"\breserv(?:ation|ations|es|e)\b|not consider itself bound", re.I)
_DECLARATION_RE = re.compile(r"declar|understanding|interpret|statement", re.I)
_WITHDRAW_RE = re.compile(r"withdr[ae]w", re.I)


@dataclass
class _Part:
    date: PartialDate | None
    text: str
    headings: str
    upon_signature: bool = False


def _entry(tr) -> tuple[str, list[str], object] | None:
    name_div = text_div = None
    for div in tr.iter("div"):
        ident = div.get("id") or ""
        if ident.endswith("divParticipant"):
            name_div = div
        elif ident.endswith("divText"):
            text_div = div
    if name_div is None or text_div is None:
        return None
    notes = _pop_sups(name_div)
    name = _clean(name_div.text_content())
    name = re.sub(r"(\s+\d+(?:\s*,\s*\d+)*)\s*$", "", name)  # footnote numbers left as text
    return name, notes, text_div


def _parts(page: _Page, text_div, entry_name: str, where: str, section: str) -> list[_Part]:
    """Split an entry at its right-aligned date paragraphs."""
    parts: list[_Part] = [_Part(None, "", "")]
    for element in list(text_div.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag == "p" and "invisible" in (element.get("class") or ""):
            for child in list(element):
                child.drop_tree()
            element.text = ""
            continue
        if element.tag == "p" and (element.get("align") or "").lower() == "right":
            raw = _clean(element.text_content())
            if not re.search(r"\d", raw):
                continue  # a label such as "reservation at the time of accession"
            try:
                date = parse_long_date(raw)
            except ValueError:
                page.result.problem(where, section, f"{entry_name}: cannot read date {raw!r}")
                date = None
            element.text = "\ue000"  # split marker
            for child in element:
                child.drop_tree()
            parts.append(_Part(date, "", ""))
    # text by split marker: walk the text content once
    chunks = text_div.text_content().split("\ue000")
    if len(chunks) != len(parts):
        chunks = [text_div.text_content().replace("\ue000", " ")] + [""] * (len(parts) - 1)
    italics = [_clean(i.text_content()) for i in text_div.iter("i")]
    for part, chunk in zip(parts, chunks, strict=True):
        part.text = _clean(chunk)
        part.headings = " ".join(i for i in italics if i and i in part.text)
        part.upon_signature = bool(re.match(r"(?:Upon|On) signature", part.text, re.I))
    return [p for p in parts if p.text or p.date]


def _resolve(page: _Page, name: str) -> str | None:
    if name in page.acts:
        return name
    former = re.match(r"^(.*?)\s*\(former\)$", name)
    if former:
        candidate = PREDECESSORS.get(f"former {former.group(1)}")
        if candidate in page.acts:
            return candidate
    if name in PREDECESSORS and PREDECESSORS[name] in page.acts:
        return PREDECESSORS[name]
    return None


def _read_declarations(page: _Page, table, competence: tuple[str, ...]) -> None:
    result = page.result
    for index, tr in enumerate(tr for tr in table.iter("tr")):
        entry = _entry(tr)
        if entry is None:
            continue
        name, _notes, text_div = entry
        where = f"declarations {index + 1}"
        participant = _resolve(page, name)
        if participant is None:
            result.problem(
                where,
                "Declarations and Reservations",
                f"entry for {name!r}, who is not in the participants table",
            )
            continue
        for part in _parts(page, text_div, name, where, "Declarations and Reservations"):
            if competence and _is_competence(part.text, competence):
                _procedure(page, participant, part, competence, where, "Declarations and Reservations")
                if part.date is not None:
                    continue
            if part.date is not None and _WITHDRAW_RE.search(part.text[:200]):
                continue  # a later withdrawal of reservations is not a reservation
            target = _target_act(page, participant, part)
            if target is None:
                result.problem(
                    where,
                    "Declarations and Reservations",
                    f"{name}: no act of the participant to attach the entry to",
                )
                continue
            reservation = bool(_RESERVATION_RE.search(part.text)) and not (
                _WITHDRAW_RE.search(part.text)
                and not _RESERVATION_RE.search(part.headings)
                and "bound" not in part.text
            )
            declaration = bool(_DECLARATION_RE.search(part.text)) or not reservation
            target.reservation |= reservation
            target.declaration |= declaration
            target.articles.extend(find_articles(part.text))


def _target_act(page: _Page, participant: str, part: _Part) -> _Act | None:
    if part.date is not None:
        for act in page.acts[participant]:
            if act.date == part.date and act.action != "procedure-acceptance":
                return act
    if part.upon_signature:
        return page.signature(participant) or page.consent(participant)
    return page.consent(participant) or page.signature(participant)


_NOT_ACCEPTING_RE = re.compile(
    r"\b(?:does|do|shall) not (?:recogni[sz]e|accept)|at a later (?:time|date|stage)"
    r"|will recogni[sz]e",
    re.I,
)


def _is_competence(text: str, competence: tuple[str, ...]) -> bool:
    if not re.search(r"competen", text, re.I) or not re.search(r"recogni[sz]|accept", text, re.I):
        return False
    if _NOT_ACCEPTING_RE.search(text):
        return False
    if set(find_articles(text)) & set(competence):
        return True
    return bool(re.search(r"competence of the Committee", text, re.I)) and any(
        _wording_covers(text, article) for article in competence
    )


def _competence_articles(text: str, headings: str, competence: tuple[str, ...]) -> list[str]:
    named = [a for a in find_articles(headings + " " + text) if a in competence]
    if named:
        # also add the other kind if the wording clearly covers it (Andorra, CAT 21 and 22)
        kinds = set(named)
        if len(named) == 1:
            kinds.update(a for a in competence if _wording_covers(text, a))
        return [a for a in competence if a in kinds]
    inferred = [a for a in competence if _wording_covers(text, a)]
    if inferred:
        return inferred
    return list(competence) if len(competence) == 1 else []


def _wording_covers(text: str, article: str) -> bool:
    if article in _INDIVIDUAL:
        return bool(
            re.search(
                r"(?:from|by) (?:or on behalf of )?(?:individuals|persons)"
                r"|sent by persons|individual communications",
                text,
                re.I,
            )
        )
    if article in _INTER_STATE:
        return bool(
            re.search(
                r"State Party claims|another State Party|a State party claims"
                r"|inter-state",
                text,
                re.I,
            )
        )
    if article in _INQUIRY:
        return bool(re.search(r"inquir", text, re.I))
    return False


def _procedure(
    page: _Page,
    participant: str,
    part: _Part,
    competence: tuple[str, ...],
    where: str,
    section: str,
) -> None:
    if _WITHDRAW_RE.search(part.text[:300]) and not re.search(r"recogni", part.text[:300], re.I):
        return
    articles = _competence_articles(part.text, part.headings, competence)
    if not articles:
        page.result.problem(where, section, f"{participant}: cannot tell which competence article is accepted")
        return
    date = part.date
    note = ""
    if date is None:
        act = (page.signature(participant) if part.upon_signature else None) or page.first_consent(participant)
        if act is None:
            page.result.problem(
                where,
                section,
                f"{participant}: declaration without a date and no consent act; skipped",
            )
            return
        date = act.date
        note = f"made upon {act.action}"
    page.add(
        _Act(
            participant,
            "procedure-acceptance",
            date,
            articles=articles,
            notes=[note] if note else [],
            location=where,
        )
    )


def _read_under_article(page: _Page, table, competence: tuple[str, ...]) -> None:
    section = "Declarations under articles"
    heading_articles: tuple[str, ...] = competence
    for index, tr in enumerate(tr for tr in table.iter("tr")):
        entry = _entry(tr)
        if entry is None:
            continue
        name, _notes, text_div = entry
        where = f"declarations under articles {index + 1}"
        participant = _resolve(page, name)
        if participant is None:
            page.result.problem(where, section, f"entry for {name!r}, who is not in the participants table")
            continue
        if not heading_articles:
            page.result.problem(where, section, "competence articles of this instrument unknown")
            continue
        for part in _parts(page, text_div, name, where, section):
            _procedure(page, participant, part, heading_articles, where, section)


# --------------------------------------------------------------------------------------------


def _stated(page: _Page, doc, raw: str) -> None:
    stated = page.result.stated
    status = _by_id_suffix(doc, "rptStatus_ctl00_tcText")
    text = _clean(status.text_content()) if status is not None else ""
    for key, label in (("signatories", "Signatories"), ("parties", "Parties")):
        match = re.search(label + r"\s*:\s*(\d+)", text) or re.search(label + r"\s*:\s*(\d+)", raw)
        if match:
            stated[key] = int(match.group(1))
    title = _by_id_suffix(doc, "rptTreaty_ctl00_tcTreaty")
    if title is not None:
        stated["title"] = re.sub(r"^\d+(?:\.\s*[a-z])?\.\s*", "", _clean(title.text_content()))
    pdf = _by_id_suffix(doc, "lnkPdfFile")
    href = pdf.get("href") if pdf is not None else ""
    match = re.search(r"/([A-Z]{1,5}-[\w-]+?)\.en\.(?:pdf|xml)", href or "") or re.search(
        r"mtdsg_no[-=]([A-Z]{1,5}[~-][\w~-]+?)[-&]chapter", raw[:200000]
    )
    if match:
        stated["reference"] = match.group(1).replace("~", "-")
        page.reference = str(stated["reference"])
    as_at = _by_id_suffix(doc, "div3")
    if as_at is not None:
        match = re.search(r"(\d{2})-(\d{2})-(\d{4})", as_at.text_content())
        if match:
            stated["status_as_at"] = f"{match.group(3)}-{match.group(2)}-{match.group(1)}"


def _order(acts: list[_Act]) -> list[_Act]:
    def key(act: _Act):
        when = act.effective.last if act.effective else act.date.last
        return (when, 0 if act.action in EXIT_ACTIONS else 1, act.date)

    return sorted(acts, key=key)


_PARTICIPANTS_TABLE = r"""<table\b[^>]*\bid=["'][^"']*tblgrid["']"""


def _check_counts(page: _Page) -> None:
    """Compare the parties and signatories read with the counts the page states."""
    stated = page.result.stated
    on = dt.date.fromisoformat(str(stated["status_as_at"])) if "status_as_at" in stated else dt.date.today()
    current = {p: acts for p, acts in page.acts.items() if p not in page.predecessors}
    read = {
        "parties": len(parties_on(current, on)),
        # UNTC counts as signatories every participant that signed (not a bracketed signature)
        "signatories": sum(
            any(a.action == "signature" and not any("brackets" in n for n in a.notes) for a in acts)
            for acts in current.values()
        ),
    }
    for key, count in read.items():
        if key in stated and stated[key] != count:
            page.result.problem(
                "participants table",
                None,
                f"the page states {key.capitalize()}: {stated[key]} but {count} were read from its table",
            )


def parse_untc_html(text: str, file: str = "<page>") -> ParseResult:
    """Parse one UNTC status page (HTML text) into acts, stated counts and problems."""
    result = ParseResult(file)
    if not text or not text.strip():
        result.problem(None, None, "empty file")
        return result
    import lxml.etree  # here: a server imports the importers without running them (3 MB)
    import lxml.html

    try:
        doc = lxml.html.fromstring(text)
    except ValueError:  # a str with an XML encoding declaration
        doc = lxml.html.fromstring(text.encode("utf-8"))
    except lxml.etree.ParserError as error:
        result.problem(None, None, f"not an HTML page: {error}")
        return result
    page = _Page(result)
    _stated(page, doc, text)
    truncated = cut_short(text, _PARTICIPANTS_TABLE)
    if truncated:
        result.problem(None, None, truncated)
    table = _find_table(doc, "tblgrid")
    if table is None:
        result.problem(None, None, "no participants table (a <table> whose id ends in 'tblgrid')")
        return result
    _read_table(page, table)
    table_read = not result.problems  # the counts are compared only when every row was read
    notes = _find_table(doc, "dgNotesAll")
    if notes is not None:
        _read_notes(page, notes)
    for participant, row in page.bracketed.items():
        if not any(a.action in EXIT_ACTIONS for a in page.acts[participant]):
            result.problem(
                row,
                None,
                f"{participant}: act shown in brackets (no longer in "
                "force) but no denunciation or withdrawal found in the end-notes",
            )
    competence = COMPETENCE_ARTICLES.get(page.reference, ())
    under_article = _find_table(doc, "dgDecUnderArticle")
    declarations = _find_table(doc, "dgDec")
    if declarations is not None:
        _read_declarations(page, declarations, competence if under_article is None else ())
    if under_article is not None:
        _read_under_article(page, under_article, competence)
    for acts in page.acts.values():
        result.actions.extend(act.freeze() for act in _order(acts))
    result.stated["predecessors"] = ";".join(sorted(page.predecessors))
    if table_read:
        _check_counts(page)
    return result

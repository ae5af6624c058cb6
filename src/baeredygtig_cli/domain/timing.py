"""The Danish timing grammar: what people write in TIDSPUNKT, read as a `Period`.

Pure functions of `(text, year)`. A text is folded (case, dashes, spacing), cut into tokens
(numbers, words, signs), cleaned (times of day, "den", "d." go) and its synonyms are replaced
by one canonical token each ("i begyndelsen af" → "primo", "frem til" → "til_og_med"). Then
the FORMS are tried in order. Each form is one record: a name, token patterns, a handler and
examples. A handler may read parts of the text with the whole grammar again ("senest X",
"X til Y", "i X"), so a rule such as the leading "i" holds for every form alike.

`plan period --help` prints a table made from the records (`help_table`), and one test reads
every record's examples, so the help and the grammar cannot disagree.

Nothing is compiled at import (start-up is a project target): the token patterns are plain
strings, read into tuples on first use; the only regular expressions are the small folding
and token ones.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from baeredygtig_cli.domain.folding import fold_to_danish
from baeredygtig_cli.domain.model import Period
from baeredygtig_cli.errors import PlanError, TimingError

MONTHS: dict[str, int] = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES: tuple[str, ...] = tuple(MONTHS)
WEEKDAY_NAMES: tuple[str, ...] = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

# Seasons as whole calendar months, as DMI counts them. Winter runs into the next year.
SEASONS: dict[str, tuple[int, int]] = {
    "forår": (3, 5), "foråret": (3, 5),
    "sommer": (6, 8), "sommeren": (6, 8),
    "efterår": (9, 11), "efteråret": (9, 11),
    "vinter": (12, 2), "vinteren": (12, 2),
    "forsommer": (5, 6), "forsommeren": (5, 6),
    "sensommer": (8, 9), "sensommeren": (8, 9),
    "sommerperioden": (6, 8), "vinterperioden": (12, 2),
    "sommerhalvåret": (4, 9), "vinterhalvåret": (10, 3),
}  # fmt: skip

_WEEKDAYS: dict[str, int] = {
    "mandag": 0, "man": 0, "tirsdag": 1, "tirs": 1, "tir": 1, "onsdag": 2, "ons": 2,
    "torsdag": 3, "tors": 3, "tor": 3, "fredag": 4, "fre": 4, "lørdag": 5, "lør": 5, "søndag": 6, "søn": 6,
    "mandagen": 0, "tirsdagen": 1, "onsdagen": 2, "torsdagen": 3, "fredagen": 4, "lørdagen": 5, "søndagen": 6,
}  # fmt: skip
_WEEKEND_WORDS = frozenset({"weekend", "weekenden", "weekends"})
_WEEKEND = 7  # a "weekday" that is Saturday and Sunday

# Named days: ("easter", first, last) are days counted from Easter Sunday; ("fixed", (m, d), (m, d)).
_FEASTS: dict[str, tuple[Any, ...]] = {
    "påske": ("easter", -3, 1), "påsken": ("easter", -3, 1), "skærtorsdag": ("easter", -3, -3),
    "langfredag": ("easter", -2, -2), "påskedag": ("easter", 0, 0), "påskesøndag": ("easter", 0, 0),
    "store_bededag": ("easter", 26, 26), "kristi_himmelfartsdag": ("easter", 39, 39),
    "pinse": ("easter", 49, 50), "pinsen": ("easter", 49, 50), "pinsedag": ("easter", 49, 49),
    "fastelavn": ("easter", -49, -49),
    "grundlovsdag": ("fixed", (6, 5), (6, 5)), "sankthans": ("fixed", (6, 23), (6, 23)),
    "jul": ("fixed", (12, 24), (12, 24)), "juleaften": ("fixed", (12, 24), (12, 24)),
    "juledag": ("fixed", (12, 25), (12, 25)), "julen": ("fixed", (12, 24), (12, 26)),
    "nytårsaften": ("fixed", (12, 31), (12, 31)), "nytår": ("newyear",), "nytårsdag": ("newyear",),
    "anden_påskedag": ("easter", 1, 1), "påskelørdag": ("easter", -1, -1), "palmesøndag": ("easter", -7, -7),
    "anden_pinsedag": ("easter", 50, 50), "anden_juledag": ("fixed", (12, 26), (12, 26)),
    "lillejuleaften": ("fixed", (12, 23), (12, 23)), "helligtrekonger": ("fixed", (1, 6), (1, 6)),
    "kyndelmisse": ("fixed", (2, 2), (2, 2)), "valentinsdag": ("fixed", (2, 14), (2, 14)),
    "arbejdernes_kampdag": ("fixed", (5, 1), (5, 1)), "fars_dag": ("fixed", (6, 5), (6, 5)),
    "halloween": ("fixed", (10, 31), (10, 31)), "mortensaften": ("fixed", (11, 10), (11, 10)),
    "mortensdag": ("fixed", (11, 11), (11, 11)), "lucia": ("fixed", (12, 13), (12, 13)),
    "luciadag": ("fixed", (12, 13), (12, 13)), "mors_dag": ("nth", 5, 6, 2), "allehelgen": ("nth", 11, 6, 1),
    "advent": ("advent",), "adventstiden": ("advent",),
}  # fmt: skip

# School holidays as approximations (they differ a little between municipalities and years).
_HOLIDAYS: dict[str, tuple[Any, ...]] = {
    "sommerferie": ("weeks", 27, 32), "efterårsferie": ("weeks", 42, 42), "høstferie": ("weeks", 42, 42),
    "vinterferie": ("weeks", 7, 7), "juleferie": ("christmas",), "påskeferie": ("easter", -6, 0),
}  # fmt: skip
_HOLIDAYS.update({f"{name}n": rule for name, rule in list(_HOLIDAYS.items())})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HEDGES: frozenset[str] = _words(
    "ca cirka circa omkring forventet forventeligt forventelig forventes forv foreløbig foreløbigt "
    "tentativt tentativ anslået formentlig formentligt estimeret sandsynligvis planlagt påtænkt "
    "forventeligvis skønnet skønsmæssigt vejledende forventningen forventning estimat prognose"
)
# Labels and status words that may stand before the timing ("Udsat – senest forår 2027", "Status: 2026").
# What follows must name a time on its own. Words that cancel or stop (aflyst, på pause) are not labels.
_LABELS = _words(
    "status tid dato datoer tidsplan tidsramme tidshorisont tidsperspektiv varighed milepæl milepæle "
    "udsat forsinket udskudt rykket flyttet ændret ændres revideret revideres justeret opdateret ny nyt nye "
    "pågår pågående igangværende aktiv aktuel aktuelt afventer afventende godkendt vedtaget besluttet "
    "bevilget prioriteret planlægges planlægning projektering projekteres udbud udbydes udførelse "
    "udførelsesperiode anlæg anlægsperiode anlægsarbejde byggeperiode byggeperioden byggeri byggestart "
    "projektperiode projektperioden gennemførelse gennemførelsesperiode implementering "
    "implementeringsperiode afholdelse afvikling afvikles realisering realiseres etablering etableres "
    "opføres anlægges bygges levering leveres ibrugtagning ibrugtages indvielse evaluering evalueres "
    "opfølgning afrapportering gennemføres gennemført udføres udført afholdes afholdt implementeres "
    "implementeret hvornår termin tidsplanen tidspunktet datoen"
)
_PHASES = _words("fase etape delprojekt deletape trin runde del pulje")  # "Etape 1: april-juni 2026"
_MOVED = _words("udsat forsinket udskudt rykket flyttet ændret ændres revideret revideres justeret")
_PARTS: dict[str, str] = {
    "primo": "primo", "medio": "medio", "ultimo": "ultimo", "start": "start", "slut": "slut",
}  # fmt: skip
_DEADLINE_WORDS: dict[str, str] = {"senest": "end", "til_og_med": "end", "til": "til", "inden": "before"}

# Synonyms, each read as the canonical tokens on the right ("" drops the words). Longest first.
# Keys are written as tokens ("pr ." for "pr."), so reading the table costs a split, not a regex.
_PHRASES: dict[str, str] = {
    # deadlines: "senest X" ends with X, "inden X" the day before X begins
    "til og med": "til_og_med", "t . o . m .": "til_og_med", "frem til": "til_og_med", "indtil": "til_og_med",
    "frem til og med": "til_og_med", "frem mod": "til_og_med", "hen mod": "til_og_med",
    "pr .": "senest", "pr": "senest", "per": "senest", "frist": "senest", "frist :": "senest",
    "tidsfrist": "senest", "deadline": "senest", "deadline :": "senest", "senest :": "senest",
    "ikke senere end": "senest", "senest i slutningen af": "senest", "inden slutningen af": "senest",
    "ved udgangen af": "senest", "inden udgangen af": "senest", "med udgangen af": "senest",
    "til udgangen af": "til_og_med", "udgangen af": "senest", "senest ved udgangen af": "senest",
    "senest med udgangen af": "senest", "senest inden udgangen af": "senest",
    "frem til udgangen af": "til_og_med", "afsluttes": "senest", "afsluttes senest": "senest",
    "afsluttet": "senest", "afsluttet senest": "senest", "færdig": "senest", "færdig senest": "senest",
    "færdiggøres": "senest", "klar": "senest", "klar senest": "senest", "afleveres": "senest",
    "skal være afsluttet": "senest", "skal være færdig": "senest", "skal være klar": "senest",
    "skal afsluttes": "senest", "skal være": "", "skal": "", "ved årets udgang": "senest året",
    "inden årets udgang": "senest året", "årets udgang": "ultimo året", "årets løb": "året",
    "senest inden": "inden", "senest før": "inden", "før": "inden", "forud for": "inden", "op til": "inden",
    "umiddelbart før": "inden", "lige før": "inden", "inden starten af": "inden",
    # the rest of the family: every way of saying "by the end of X" reads as "senest X"
    "indtil udgangen af": "til_og_med", "til og med udgangen af": "til_og_med",
    "helt frem til": "til_og_med", "helt frem mod": "til_og_med", "helt til": "til_og_med",
    "frem imod": "til_og_med", "hen imod": "til_og_med", "og frem til": "til_og_med",
    "og frem mod": "til_og_med", "og indtil": "til_og_med", "gælder til": "til_og_med",
    "gældende til": "til_og_med", "gyldig til": "til_og_med", "gælder frem til": "til_og_med",
    "gældende frem til": "til_og_med", "inden afslutningen af": "senest", "ved afslutningen af": "senest",
    "senest ved afslutningen af": "senest", "med afslutning i": "senest", "med afslutning": "senest",
    "afslutning": "senest", "afsluttende": "senest", "afslutningen af": "ultimo",
    "i afslutningen af": "ultimo", "ved udløbet af": "senest", "udløber": "senest", "slutdato": "senest",
    "slutdato er": "senest", "slutdatoen er": "senest", "sidste frist": "senest", "seneste frist": "senest",
    "endelig frist": "senest", "fristen er": "senest", "frist er": "senest", "fristen": "senest",
    "med frist": "senest", "med deadline": "senest", "deadline er": "senest", "afleveringsfrist": "senest",
    "ansøgningsfrist": "senest", "tilmeldingsfrist": "senest", "svarfrist": "senest",
    "høringsfrist": "senest", "indsendelsesfrist": "senest", "indberetningsfrist": "senest",
    "skal være gennemført": "senest", "skal være implementeret": "senest", "skal være udført": "senest",
    "skal være etableret": "senest", "skal være på plads": "senest", "være på plads": "senest",
    "på plads": "senest", "færdiggjort": "senest", "færdigt": "senest", "færdige": "senest",
    "afsluttede": "senest", "i god tid inden": "inden", "i god tid før": "inden", "først til": "til",
    "før udgangen af": "senest", "før afslutningen af": "senest", "før slutningen af": "senest",
    "senest før udgangen af": "senest", "op til og med": "til_og_med", "snarest muligt og senest": "senest",
    "hurtigst muligt og senest": "senest", "snarest og senest": "senest", "snarest muligt og inden": "inden",
    "hurtigst muligt og inden": "inden", "hen imod slutningen af": "ultimo",
    "henimod slutningen af": "ultimo", "frem imod slutningen af": "senest",
    # an open end: from X to the end of X's year
    "fra og med": "fra", "f . o . m .": "fra", "med start": "fra", "med start i": "fra", "med opstart": "fra",
    "med opstart i": "fra", "opstart": "fra", "opstart i": "fra", "opstartes": "fra", "igangsættes": "fra",
    "igangsat": "fra", "påbegyndes": "fra", "startes": "fra", "starter": "fra", "startende": "fra",
    "tidligst": "fra", "ikke før": "fra", "gældende fra": "fra", "påbegyndt": "fra", "startet": "fra",
    "opstartet": "fra", "først fra": "fra", "først fra og med": "fra", "med virkning fra": "fra",
    "med virkning pr .": "fra", "med virkning": "fra", "ikrafttræden": "fra", "med ikrafttræden": "fra",
    "træder i kraft": "fra", "trådt i kraft": "fra", "træder i kraft den": "fra", "i kraft fra": "fra",
    "gælder fra": "fra", "gældende fra og med": "fra", "genoptages": "fra", "genopstart": "fra",
    "siden": "fra", "indtil videre": "og_frem", "og indtil videre": "og_frem", "- indtil videre": "og_frem",
    "og frem": "og_frem", "og fremefter": "og_frem", "og fremover": "og_frem", "og fremad": "og_frem",
    "og herefter": "og_frem", "og derefter": "og_frem", "og løbende": "og_frem", "og videre": "og_frem",
    "og frem efter": "og_frem", "og løbende herefter": "og_frem", "og fremadrettet": "og_frem",
    "fremover": "og_frem", "fremadrettet": "og_frem", "- >": "og_frem", "→": "og_frem", "+": "og_frem",
    "ff .": "og_frem", "ff": "og_frem", "- løbende": "og_frem", ", løbende": "og_frem",
    "umiddelbart efter": "umiddelbart_efter", "lige efter": "umiddelbart_efter",
    "straks efter": "umiddelbart_efter", "i ugen efter": "umiddelbart_efter",
    "ugen efter": "umiddelbart_efter",
    "efter jul": "efter juleferien", "efter julen": "efter juleferien",
    # "først efter 2031" (not before), "til efter vinterferien" (put off until after): after X
    "først efter": "efter", "til efter": "efter", "tidligst efter": "efter", "ikke før efter": "efter",
    "først umiddelbart efter": "umiddelbart_efter",
    # "i X" is X
    "i løbet af": "i", "løbet af": "i", "inden for": "i", "indenfor": "i", "hen over": "i", "henover": "i",
    "over": "i",
    "i hele": "i", "hele": "i", "gennem hele": "i", "igennem hele": "i", "gennem": "i", "igennem": "i",
    "i perioden": "i", "perioden": "i", "periode": "i", "tidspunkt": "",
    "tidsrum": "i", "i tidsrummet": "i", "tidsrummet": "i", "ved": "i",
    "planlagt til": "", "forventet til": "", "sat til": "", "udskudt til": "", "rykket til": "",
    "udsat til": "", "forsinket til": "", "flyttet til": "", "ændret til": "", "ændres til": "",
    "justeret til": "", "revideret til": "", "forlænget til": "til_og_med", "forlænges til": "til_og_med",
    "dato og tid": "status", "tid og sted": "status", "dato og sted": "status",
    "i gang": "status", "ikke påbegyndt": "status", "ikke startet": "status", "ikke igangsat": "status",
    "p . t .": "status", "pt .": "status", "sættes i gang": "fra", "sat i gang": "fra", "går i gang": "fra",
    "kommer i gang": "fra", "skydes i gang": "fra",
    "i år": "i_år", "i indeværende år": "i_år", "indeværende år": "i_år", "det nye år": "næste_år",
    "i det nye år": "næste_år", "det nye år ,": "næste_år",
    "næste år": "næste_år", "i næste år": "næste_år", "det kommende år": "næste_år",
    "i det kommende år": "næste_år",
    # parts of a month or a year
    "i begyndelsen af": "primo", "begyndelsen af": "primo", "i starten af": "primo", "starten af": "primo",
    "start": "start", "først i": "primo", "først på": "primo", "tidligt i": "primo", "tidligt": "primo",
    "tidlig": "primo", "sent på": "ultimo", "tidligt på": "primo", "i det tidlige": "primo",
    "det tidlige": "primo", "tidlige": "primo", "i det sene": "ultimo", "det sene": "ultimo",
    "sene": "ultimo",
    "første del af": "primo", "sidste del af": "ultimo", "midtvejs i": "medio", "midtvejs gennem": "medio",
    "midt om": "medio", "midt under": "medio", "indgangen til": "primo", "opstarten af": "primo",
    "i opstarten af": "primo", "slutningen på": "ultimo", "i slutningen på": "ultimo",
    "midt i": "medio", "i midten af": "medio", "midten af": "medio", "midt på": "medio",
    "i slutningen af": "ultimo", "slutningen af": "ultimo", "hen mod slutningen af": "ultimo",
    "start :": "fra", "startdato": "fra", "startdato :": "fra", "slut :": "senest", "slutdato :": "senest",
    "mod slutningen af": "ultimo", "sidst i": "ultimo", "sidst på": "ultimo", "slut": "slut",
    "sent i": "ultimo",
    "første halvdel af": "halvdel_1", "sidste halvdel af": "halvdel_2", "anden halvdel af": "halvdel_2",
    "1 . halvdel af": "halvdel_1", "2 . halvdel af": "halvdel_2", "halvår af": "halvår",
    "kvartal af": "kvartal",
    "første": "1 .", "anden": "2 .", "andet": "2 .", "tredje": "3 .", "fjerde": "4 .", "femte": "5 .",
    "2 . påskedag": "anden_påskedag", "anden påskedag": "anden_påskedag", "1 . påskedag": "påskedag",
    "første påskedag": "påskedag", "2 . pinsedag": "anden_pinsedag", "anden pinsedag": "anden_pinsedag",
    "1 . pinsedag": "pinsedag", "første pinsedag": "pinsedag", "2 . juledag": "anden_juledag",
    "anden juledag": "anden_juledag", "1 . juledag": "juledag", "første juledag": "juledag",
    "mors dag": "mors_dag", "morsdag": "mors_dag", "fars dag": "fars_dag", "farsdag": "fars_dag",
    "arbejdernes kampdag": "arbejdernes_kampdag", "hellig tre konger": "helligtrekonger",
    "helligtrekongersdag": "helligtrekonger", "alle helgen": "allehelgen", "allehelgensdag": "allehelgen",
    "alle helgens dag": "allehelgen", "lucia dag": "luciadag", "valentins dag": "valentinsdag",
    "mortens aften": "mortensaften", "sankt martin": "mortensdag",
    "sidste halvår": "2 . halvår", "sidste kvartal": "4 . kvartal",
    # spellings
    "kvt .": "kvartal", "kvt": "kvartal", "kv .": "kvartal", "kv": "kvartal",
    "halvåret": "halvår", "uge nr .": "uge", "uge nr": "uge",
    "ugerne": "uge", "ugen": "uge", "uger": "uge", "skoleår": "skoleåret", "skolernes": "",
    "kristi himmelfartsdag": "kristi_himmelfartsdag", "kristi himmelfart": "kristi_himmelfartsdag",
    "kr . himmelfartsdag": "kristi_himmelfartsdag", "kr . himmelfart": "kristi_himmelfartsdag",
    "himmelfartsdag": "kristi_himmelfartsdag", "store bededag": "store_bededag",
    "sankt hans": "sankthans", "sankt hans aften": "sankthans", "skt . hans": "sankthans",
    "sct . hans": "sankthans", "sankthansaften": "sankthans", "hele året": "løbende",
    "hele perioden": "løbende", "i hele perioden": "løbende", "helår": "løbende", "året rundt": "løbende",
    "hele året rundt": "løbende", "planperioden": "løbende", "hele planperioden": "løbende",
    "i planperioden": "løbende", "i hele planperioden": "løbende", "strategiperioden": "løbende",
    "i strategiperioden": "løbende", "hele strategiperioden": "løbende", "fortløbende": "løbende",
    "kontinuerligt": "løbende", "kontinuerlig": "løbende", "vedvarende": "løbende", "måned": "",
    # words that say nothing about the period: articles, times of day
    "den": "", "'": "", "’": "", "‘": "", "´": "", "`": "", "•": "", "*": "",
    "om morgenen": "", "om formiddagen": "", "om eftermiddagen": "", "om aftenen": "", "om natten": "",
    "morgen": "", "morgenen": "", "formiddag": "", "formiddagen": "", "middag": "", "eftermiddag": "",
    "eftermiddagen": "", "aften": "", "aftenen": "", "hele dagen": "", "heldag": "", "heldags": "",
}  # fmt: skip

# Why a text that names no readable time is refused (checked in this order, on the folded text).
_RECURRENCE_WORDS = _words(
    "måneden månedens hvert hver årligt årlig årlige halvårligt halvårlig kvartalsvis kvartalsvist månedligt "
    "månedlig månedsvis ugentligt ugentlig ugentlige dagligt daglig gange"
)
_NO_TIME_WORDS = _words(  # said whatever else the text says
    "pause bero ukendt uafklaret udskudt aflyst tbd tba ingen ej behov sigt fastlagt fastsat tidsplan videre "
    "annulleret droppet opgivet stoppet udgår udgået"
)
_EVENT_WORDS = _words(
    "når efter ved hvis såfremt forudsat afhængig afhængigt afhænger betinget godkendelse godkendelsen "
    "godkendt vedtagelse vedtagelsen vedtaget finansiering finansieringen bevilling bevillingen "
    "forbindelse ifm takt projektstart aftale afklaring behandling politisk beslutning afgørelse udmelding "
    "budget budgettet budgetlægningen budgetvedtagelsen budgetforhandlingerne"
)
_STATUS_WORDS = _words(  # a status or a "not yet": no time, unless an event is named
    "udsat forsinket flyttet rykket ikke afventer igangsat afsluttet gennemført udført færdig snarest "
    "hurtigst asap senere igang pt pågår pågående igangværende"
)
_DURATION_UNITS = _words("dag dage uge uger måned måneder år kvartal kvartaler halvår")
_COUNT_WORDS = _words("en et to tre fire fem seks syv otte ni ti tolv par nogle få første")
_REFUSALS = {
    "relative": "regnes fra et tidspunkt, planen ikke kender – skriv den forventede dato eller periode",
    "recurrence": (
        "en gentagelse er ikke et tidspunkt – skriv perioden, den gælder, fx 'løbende' eller '2021-2023'"
    ),
    "no_time": "teksten nævner intet tidspunkt",
    "event": "afhænger af en begivenhed, planen ikke kender – skriv den forventede dato eller periode",
}
# Danish words that look like typos of our words but are not ("ingen" is not "inden").
_NOT_TYPOS = _words("igen inde uden under ende mod med som samt eller der det dem de og af på til")

_MAX_TOKENS = 32


# --- values ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """A reading in progress. `explicit`: the text named the year. `via`: the forms that read it."""

    start: date
    end: date
    explicit: bool = False
    open_ended: bool = False
    ongoing: bool = False
    deadline: bool = False
    holiday: bool = False  # a school holiday: "inden"/"efter" go to the Sunday before/the Monday after
    ranged: bool = False  # two ends joined ("X-Y", "X til Y", a list)
    via: tuple[str, ...] = ()

    @property
    def plain(self) -> bool:
        return not (self.open_ended or self.deadline or self.ongoing)


class _Impossible(Exception):
    """A form matched but names something that does not exist ("30. februar", "uge 54")."""


Handler = Callable[[dict[str, Any], int, bool], "_Span | None"]


@dataclass(frozen=True, slots=True)
class Form:
    """One timing form: its name in `plan period --help`, its token patterns, how to read a
    match, and examples (each must read, through this form, in a test and in docs/TIMING.md)."""

    name: str
    patterns: tuple[str, ...]
    handler: Handler
    examples: tuple[str, ...]
    note: str = ""


# --- calendar arithmetic ----------------------------------------------------------------------------


def month_end(year: int, month: int) -> date:
    """The last day of a month; December 9999 too (its next month's first day does not exist)."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def month_span(year: int, month: int) -> Period:
    """A whole calendar month."""
    return Period(date(year, month, 1), month_end(year, month))


def year_span(year: int) -> Period:
    """A whole calendar year: the span of a plan's year (the timeline's and the HTML page's default)."""
    return Period(date(year, 1, 1), date(year, 12, 31))


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (dateutil's, imported only when a timing names a day
    counted from Easter)."""
    from dateutil.easter import easter

    return easter(year)


def _real_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise _Impossible(f"der er ingen måned {month}") from None
        raise _Impossible(f"{day}. {MONTH_NAMES[month - 1]} {year} findes ikke") from None


def _iso_day(year: int, week: int, weekday: int = 1) -> date:
    try:
        return date.fromisocalendar(year, week, weekday)
    except ValueError:
        raise _Impossible(f"{year} har ikke uge {week}") from None


def _monday_after(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def _sunday_before(day: date) -> date:
    return day - timedelta(days=day.weekday() + 1)


def _a_year_after(day: date) -> date:
    return months_later(day, 12)


def months_later(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last where it is shorter (31 January and
    a month: 29 February): dateutil's `relativedelta`, imported only when a timing needs it."""
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


def _whole_months(span: _Span) -> list[tuple[int, int]] | None:
    """The (year, month)s a period covers exactly, or None if it does not start and end with a month."""
    s, e = span.start, span.end
    if s.day != 1 or e != month_end(e.year, e.month):
        return None
    count = (e.year - s.year) * 12 + e.month - s.month + 1
    return [(s.year + (s.month - 1 + i) // 12, (s.month - 1 + i) % 12 + 1) for i in range(count)]


def _months_span(months: list[tuple[int, int]], explicit: bool) -> _Span:
    (y1, m1), (y2, m2) = months[0], months[-1]
    return _Span(date(y1, m1, 1), month_end(y2, m2), explicit)


def _is_weeks(span: _Span) -> bool:
    return span.start.weekday() == 0 and span.end.weekday() == 6


# --- handlers: single forms -------------------------------------------------------------------------


def _year_of(c: dict[str, Any], default: int, key: str = "y") -> tuple[int, bool]:
    given = c.get(key)
    return (default, False) if given is None else (given, True)


def _on_day(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    y, explicit = _year_of(c, year)
    day = _real_date(y, c["m"], c["d"])
    return _Span(day, day, explicit)


def _on_days(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    y, explicit = _year_of(c, year)
    first, last = _real_date(y, c["m"], c["d"]), _real_date(y, c["m"], c["d2"])
    if last < first:
        raise _Impossible("perioden slutter før den begynder")
    return _Span(first, last, explicit)


def _on_weekday(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    wanted = c["w"]
    if "n" in c:  # "mandag i uge 12"
        y, explicit = _year_of(c, year)
        day = _iso_day(y, c["n"], wanted + 1)
        return _Span(day, day, explicit)
    span = _sub(c["x"], year, in_range)
    if span is None or not span.plain:
        return None
    if "w2" in c:  # "lørdag-søndag 6.-7. juni": the first and the last day; "mandag-onsdag i uge 12"
        if _is_weeks(span) and (span.end - span.start).days == 6 and wanted <= c["w2"]:
            return replace(
                span, start=span.start + timedelta(days=wanted), end=span.start + timedelta(days=c["w2"])
            )
        if span.start == span.end:
            return None
        _check_weekday(span.start, wanted)
        _check_weekday(span.end, c["w2"])
        return span
    if span.start != span.end:
        return None
    _check_weekday(span.start, wanted)
    return span


def _check_weekday(day: date, wanted: int) -> None:
    if day.weekday() != wanted:
        actual = WEEKDAY_NAMES[day.weekday()]
        raise _Impossible(f"{format_date(day)} er en {actual}, ikke en {WEEKDAY_NAMES[wanted]}")


def _weekday_words(wanted: int) -> str:
    return "weekend" if wanted == _WEEKEND else WEEKDAY_NAMES[wanted]


def _span_in_words(span: _Span) -> str:
    """A span in words for a message: "februar 2026" for a whole month, else its dates."""
    months = _whole_months(span)
    if months is not None and len(months) == 1:
        return f"{MONTH_NAMES[span.start.month - 1]} {span.start.year}"
    return format_period(_to_period(span))


def _day_or_weekend(day: date, wanted: int) -> _Span:
    return _Span(day, day + timedelta(days=1) if wanted == _WEEKEND else day)


def _on_nth_weekday(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "første mandag i marts", "sidste fredag i maj", "anden weekend i september": that day (that
    Saturday and Sunday) in X. A weekend is counted by its Saturday."""
    span = _sub(c["x"], year, in_range)
    if span is None or not span.plain or span.ranged:
        return None
    wanted = c["w"]
    weekday = 5 if wanted == _WEEKEND else wanted
    if "n" in c:
        n = c["n"]
        day = span.start + timedelta(days=(weekday - span.start.weekday()) % 7 + 7 * (n - 1))
        if n < 1 or day > span.end:
            raise _Impossible(f"{_span_in_words(span)} har ikke en {n}. {_weekday_words(wanted)}")
    else:
        day = span.end - timedelta(days=(span.end.weekday() - weekday) % 7 + (7 if "l" in c else 0))
        if day < span.start:
            raise _Impossible(f"{_span_in_words(span)} har ikke en næstsidste {_weekday_words(wanted)}")
    return replace(_day_or_weekend(day, wanted), explicit=span.explicit)


def _on_weekday_near(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "fredag før efterårsferien", "første mandag efter sommerferien", "weekenden efter påske":
    the n-th such day (Saturday and Sunday) before X begins or after X ends."""
    span = _sub(c["x"], year, in_range)
    if span is None or not span.plain:
        return None
    wanted = c["w"]
    weekday = 5 if wanted == _WEEKEND else wanted
    n = c.get("n", 1)
    if n < 1:
        return None
    if c["d"] == "efter":
        day = span.end + timedelta(days=(weekday - span.end.weekday() - 1) % 7 + 1 + 7 * (n - 1))
    else:
        day = span.start - timedelta(days=(span.start.weekday() - weekday - 1) % 7 + 1 + 7 * (n - 1))
    return replace(_day_or_weekend(day, wanted), explicit=span.explicit)


def _on_weekend(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "weekenden i uge 30": Saturday and Sunday of that week; "weekenden 6.-7. juni": those days,
    which must be a weekend (Friday to Monday, with a Saturday or a Sunday)."""
    span = _sub(c["x"], year, in_range)
    if span is None or not span.plain:
        return None
    if _is_weeks(span) and (span.end - span.start).days == 6:
        saturday = span.start + timedelta(days=5)
        return _Span(saturday, span.end, span.explicit)
    length = (span.end - span.start).days + 1
    days = [(span.start + timedelta(days=i)).weekday() for i in range(min(length, 5))]
    if length <= 4 and set(days) <= {4, 5, 6, 0} and {5, 6} & set(days):
        return span
    raise _Impossible(f"{format_period(_to_period(span))} er ikke en weekend")


def _on_feast(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    name = c["f"]
    if name == "jul" and in_range:  # "maj-jul", "jun, jul og aug": the month
        return None
    y, explicit = _year_of(c, year)
    rule = _FEASTS[name]
    if rule[0] == "newyear":  # the new year after the plan's year, or the one that begins in the year named
        day = date(y if explicit else y + 1, 1, 1)
        return _Span(day, day, explicit)
    if rule[0] == "easter":
        sunday = easter_sunday(y)
        return _Span(sunday + timedelta(days=rule[1]), sunday + timedelta(days=rule[2]), explicit)
    if rule[0] == "nth":  # mors dag: the second Sunday of May
        first = date(y, rule[1], 1)
        day = first + timedelta(days=(rule[2] - first.weekday()) % 7 + 7 * (rule[3] - 1))
        return _Span(day, day, explicit)
    if rule[0] == "advent":  # the first Sunday of Advent (the fourth before Christmas) to 24 December
        eve = date(y, 12, 24)
        return _Span(eve - timedelta(days=(eve.weekday() + 1) % 7 + 21), eve, explicit)
    (m1, d1), (m2, d2) = rule[1], rule[2]
    return _Span(date(y, m1, d1), date(y, m2, d2), explicit)


def _on_month(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    y, explicit = _year_of(c, year)
    return _Span(date(y, c["m"], 1), month_end(y, c["m"]), explicit)


def _on_year(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    if "next" in c:
        return _Span(date(year + 1, 1, 1), date(year + 1, 12, 31), True)
    y, explicit = _year_of(c, year)
    return _Span(date(y, 1, 1), date(y, 12, 31), explicit)


def _on_years(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    if c["y2"] < c["y"]:
        raise _Impossible("perioden slutter før den begynder")
    return _Span(date(c["y"], 1, 1), date(c["y2"], 12, 31), True, ranged=True)


def _on_season(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    first, last = c["s"]
    y, explicit = _year_of(c, year)
    end_year = y + 1 if last < first else y
    if "y2" in c and c["y2"] != end_year:  # "vinter 2021/22": only a season that crosses the new year
        return None
    return _Span(date(y, first, 1), month_end(end_year, last), explicit)


def _on_part(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """primo/medio/ultimo X: of a month its thirds (1-10, 11-20, 21-end); of a year January,
    June-July, December; of several whole months the first, the middle one(s), the last.

    "start"/"slut" are primo/ultimo of whole months; before a day or a week ("start uge 34",
    "slut 30. juni") they say where the work starts (open-ended) or ends (a deadline)."""
    span = _sub(c["x"], year, in_range)
    if span is None or span.ranged or not span.plain:
        return None
    months = _whole_months(span)
    part = {"start": "primo", "slut": "ultimo"}.get(c["p"], c["p"])
    if months is None:
        if c["p"] == "start":
            return _Span(span.start, date(span.start.year, 12, 31), span.explicit, open_ended=True)
        if c["p"] == "slut":
            return _Span(date(span.end.year, 1, 1), span.end, span.explicit, deadline=True)
        return None
    if len(months) == 1:
        first, last = {"primo": (1, 10), "medio": (11, 20), "ultimo": (21, 0)}[part]
        end = span.start.replace(day=last) if last else span.end
        return _Span(span.start.replace(day=first), end, span.explicit)
    if part == "primo":
        chosen = months[:1]
    elif part == "ultimo":
        chosen = months[-1:]
    else:
        middle = len(months) // 2
        chosen = months[middle - 1 : middle + 1] if len(months) % 2 == 0 else months[middle : middle + 1]
    return _months_span(chosen, span.explicit)


def _on_half_of(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """første/sidste halvdel af X: of a month 1-15 and 16-end; of an even run of months its halves."""
    span = _sub(c["x"], year, in_range)
    if span is None or span.ranged or not span.plain:
        return None
    months = _whole_months(span)
    if months is None:
        return None
    first = c["h"] == 1
    if len(months) == 1:
        middle = span.start.replace(day=15)
        return (
            _Span(span.start, middle, span.explicit)
            if first
            else _Span(middle + timedelta(days=1), span.end, span.explicit)
        )
    if len(months) % 2:
        return None
    half = len(months) // 2
    return _months_span(months[:half] if first else months[half:], span.explicit)


def _on_week(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    y, explicit = _year_of(c, year)
    return _Span(_iso_day(y, c["n"]), _iso_day(y, c["n"], 7), explicit)


def _on_week_of_month(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    """The n-th week of a month is the week of its n-th Thursday (so "første uge i januar" is ISO week 1);
    "sidste uge i" the week of its last Thursday."""
    y, explicit = _year_of(c, year)
    month = c["m"]
    if "n" in c:
        first = date(y, month, 1)
        thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 7 * (c["n"] - 1))
        if c["n"] < 1 or thursday.month != month:
            raise _Impossible(f"{MONTH_NAMES[month - 1]} {y} har ikke en {c['n']}. uge")
    else:
        last = month_end(y, month)
        thursday = last - timedelta(days=(last.weekday() - 3) % 7)
    monday = thursday - timedelta(days=3)
    return _Span(monday, monday + timedelta(days=6), explicit)


def _on_quarter(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    y, explicit = _year_of(c, year)
    quarter = c["n"]
    if not 1 <= quarter <= 4:
        raise _Impossible(f"et år har kun 4 kvartaler, ikke {quarter}")
    return _Span(date(y, 3 * quarter - 2, 1), month_end(y, 3 * quarter), explicit)


def _on_half(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    y, explicit = _year_of(c, year)
    half = c["n"]
    if not 1 <= half <= 2:
        raise _Impossible(f"et år har kun 2 halvår, ikke {half}")
    return _Span(date(y, 6 * half - 5, 1), month_end(y, 6 * half), explicit)


def _on_turn_of_year(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    """årsskiftet 2020/21 = December 2020-January 2021; "årsskiftet 2021" the turn into 2021;
    "årsskiftet" alone the turn at the end of the plan's year."""
    if "y2" in c:
        if c["y2"] != c["y"] + 1:
            raise _Impossible(f"årsskiftet går fra et år til det næste, ikke fra {c['y']} til {c['y2']}")
        first = c["y"]
    else:
        first = c["y"] - 1 if "y" in c else year
    return _Span(date(first, 12, 1), date(first + 1, 1, 31), "y" in c)


def _holiday(name: str, year: int) -> tuple[date, date]:
    rule = _HOLIDAYS[name]
    if rule[0] == "weeks":
        return _iso_day(year, rule[1]), _iso_day(year, rule[2], 7)
    if rule[0] == "christmas":
        return date(year, 12, 23), date(year + 1, 1, 1)
    sunday = easter_sunday(year)
    return sunday + timedelta(days=rule[1]), sunday + timedelta(days=rule[2])


def _on_holiday(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    if "x" in c:  # "efterårsferien i uge 43", "juleferien 20. december - 3. januar": what is written wins
        written = _sub(c["x"], year, in_range)
        if written is None or not written.plain:
            return None
        if not _is_weeks(written) and not (_by_dates(written) and _near_holiday(written, c["h"])):
            return None
        return replace(written, holiday=True, ranged=False)
    y, explicit = _year_of(c, year)
    start, end = _holiday(c["h"], y)
    if "y2" in c and c["y2"] != end.year:  # "juleferien 2026/27": only a holiday over the new year
        return None
    return _Span(start, end, explicit, holiday=True)


def _near_holiday(span: _Span, name: str) -> bool:
    """Dates written for a school holiday lie within two weeks of where it usually falls."""
    start, end = _holiday(name, span.start.year)
    return start - timedelta(days=14) <= span.end and span.start <= end + timedelta(days=14)


def _on_school_year(c: dict[str, Any], year: int, in_range: bool) -> _Span:
    first = c.get("y", year)
    if "y2" in c and c["y2"] != first + 1:
        raise _Impossible(f"et skoleår går fra et år til det næste, ikke fra {first} til {c['y2']}")
    return _Span(date(first, 8, 1), date(first + 1, 7, 31), "y" in c)


def _on_ongoing(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    if "x" in c:
        span = _sub(c["x"], year, in_range)
        if span is None:
            return None
        if span.deadline and span.end.year >= year:  # "løbende frem mod 2030": from the plan's year on
            return _Span(date(year, 1, 1), span.end, span.explicit, ongoing=True)
        return span if span.open_ended or span.deadline else replace(span, ongoing=True)
    y, explicit = _year_of(c, year)
    return _Span(date(y, 1, 1), date(y, 12, 31), explicit, ongoing=True)


# --- handlers: forms made of forms ----------------------------------------------------------------


def _on_annotation(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "2. marts 2020 (uge 10)": read by the date when the note agrees; an error when it contradicts.
    A note that is no time at all ("(foreløbig)") is left alone.

    Written dates win over a week number beside them when the two touch ("3.-9. juni (uge 23)"), as
    a week number is often copied from another year. A smaller period in the note that lies inside
    the main one narrows it ("efterår 2026 (oktober)" is October); one that does not lie inside is
    kept only if it shares at least half of itself with the main one, else it is an error."""
    main = _sub(c["x"], year, in_range)
    if main is None:
        return None
    note_tokens = c["y"]
    written = " ".join(note_tokens)
    weekdays = [t for t in note_tokens if t != "."]
    if weekdays[0] in _WEEKDAYS and weekdays[-1] in _WEEKDAYS and len(weekdays) in (1, 3):
        return _weekdays_noted(main, weekdays, written)
    if note_tokens == ("senest",) and main.plain:  # "1. april 2023 (deadline)", "(frist)", "(senest)"
        return _Span(date(main.end.year, 1, 1), main.end, main.explicit, deadline=True, via=main.via)
    note = _parse(note_tokens, main.start.year, False)
    if isinstance(note, str):
        raise _Impossible(f"({written}): {note}")
    if note is None:
        # "(foreløbig)" says nothing of the time; "(oktobr)" is a time misspelt: the whole is not read,
        # so that "mente du ...?" can be asked of it
        return None if next(_near_misses(written, main.start.year), None) else main
    if main.holiday and note.plain and (_is_weeks(note) or (_by_dates(note) and _touches(note, main, 14))):
        # "efterårsferien (uge 43)", "juleferien (20. december - 3. januar)": this year's dates win
        return replace(note, holiday=True, explicit=note.explicit or main.explicit)
    if note.holiday and _is_weeks(main):  # "uge 43 (efterårsferien)"
        return main
    if main.ongoing and not main.explicit:  # "løbende (2022-2025)"
        return replace(note, ongoing=True)
    if main.open_ended or main.deadline:  # "efter sommerferien (august)": the note is where it starts/ends
        point = main.start if main.open_ended else main.end
        if not note.start <= point <= note.end:
            raise _Impossible(f"({written}) passer ikke med {format_period(_to_period(main))}")
        return main
    touch = note.start <= main.end and main.start <= note.end
    if touch and note.plain and _by_dates(main) != _by_dates(note) and _by_weeks(main) != _by_weeks(note):
        return main if _by_dates(main) else replace(note, explicit=note.explicit or main.explicit)
    if note.plain and not note.explicit and main.end.year != main.start.year and not _inside(note, main):
        later = _parse(note_tokens, main.end.year, False)  # "vinter 2026 (januar)": January 2027
        if isinstance(later, _Span) and _inside(later, main):
            note = later
    if note.plain and _inside(note, main) and _length(note) < _length(main):
        return replace(note, explicit=note.explicit or main.explicit, via=main.via + note.via)
    # they share at least half of the shorter one ("uge 36-38 (sept.)"; not "marts (uge 14)")
    shared = (min(main.end, note.end) - max(main.start, note.start)).days + 1
    if 2 * shared < min(_length(main), _length(note)):
        raise _Impossible(f"({written}) passer ikke med {format_period(_to_period(main))}")
    return main


def _weekdays_noted(main: _Span, weekdays: list[str], written: str) -> _Span | None:
    """ "9. oktober 2020 (fredag)", "6.-7. juni (lør-søn)": the weekdays must be the dates'."""
    if len(weekdays) == 1:
        if main.start != main.end:
            return None
        if main.start.weekday() != _WEEKDAYS[weekdays[0]]:
            actual = WEEKDAY_NAMES[main.start.weekday()]
            raise _Impossible(f"{format_date(main.start)} er en {actual}, ikke en {written}")
        return main
    if len(weekdays) != 3 or weekdays[1] not in ("-", "/", "til") or main.start == main.end:
        return None
    _check_weekday(main.start, _WEEKDAYS[weekdays[0]])
    _check_weekday(main.end, _WEEKDAYS[weekdays[2]])
    return main


def _touches(one: _Span, other: _Span, slack: int = 0) -> bool:
    return one.start <= other.end + timedelta(days=slack) and other.start - timedelta(days=slack) <= one.end


def _length(span: _Span) -> int:
    return (span.end - span.start).days + 1


def _inside(inner: _Span, outer: _Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _by_dates(span: _Span) -> bool:
    """Read from written dates ("3.-9. juni", "fredag 9/10"), not from a week number."""
    return bool({"dag", "dage", "ugedag"} & set(span.via)) and "uge" not in span.via


def _by_weeks(span: _Span) -> bool:
    """Read from week numbers ("uge 23", "uge 23-24") and nothing narrower."""
    return "uge" in span.via and _is_weeks(span) and not {"dag", "dage", "ugedag"} & set(span.via)


def _is_turn_of_year(span: _Span) -> bool:
    """The turn of the year, however wrapped ("ved årsskiftet"): its edge is the night of New Year's Eve."""
    return "årsskiftet" in span.via and (span.start.month, span.start.day, span.end.month) == (12, 1, 1)


def _on_deadline(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """senest X: ends with X; inden X: ends the day before X begins (a school holiday: the Sunday
    before). No start is written, so it starts on 1 January of the year the deadline falls in.

    "til" before a season without a year is that season, the coming one: "til efteråret" is this
    autumn (as "til sommer" is said), not a deadline from 1 January; so is "til næste år"."""
    span = _sub(c["x"], year, in_range)
    if span is None or span.open_ended or span.ongoing:
        return None
    coming = (_names_seasons(span) and not span.explicit) or c["x"] == ("næste_år",)
    if c["k"] == "til" and span.plain and coming:
        return span
    if span.deadline:  # "afsluttes senest 1. maj"
        return span if c["k"] in ("end", "til") else None
    if _is_turn_of_year(span):  # "inden årsskiftet", "senest ved årsskiftet": by New Year's Eve
        end = date(span.end.year - 1, 12, 31)
    elif c["k"] in ("end", "til"):
        end = span.end
    else:
        end = _sunday_before(span.start) if span.holiday else span.start - timedelta(days=1)
    return _Span(date(end.year, 1, 1), end, span.explicit, deadline=True)


def _names_seasons(span: _Span) -> bool:
    """The span is a season or seasons as written ("efteråret", "foråret/sommeren"), nothing narrower."""
    return "årstid" in span.via and set(span.via) <= {"årstid", "spænd", "liste", "i", "ca."}


def _join(left_tokens: tuple[str, ...], right_tokens: tuple[str, ...], year: int) -> _Span | None:
    """Two ends: from the start of the first to the end of the second.

    An end that is only a number borrows the words of the other ("uge 10-12" is "uge 10-uge 12",
    "1.-15. marts" is "1. marts-15. marts"). A year written on the second end holds for the first.
    Without years, an end before the start runs into the next year ("november-januar", "uge 52-2"),
    unless both ends fall in one month or the span would last a year or more: "28.-27. maj" is an error.
    With the year only on the end, a start after the end is in the year before if that makes at most
    half a year ("15. december - 15. januar 2022").

    A weekday is checked in the year the end falls in: "fredag 15/12 - onsdag 10/1" of 2023 ends on
    Wednesday 10 January 2024 (and "fredag 28/12 - fredag 4/1 2019" starts on Friday 28 December 2018).
    """
    written_right = right_tokens  # completions use what was written, so every part read is shorter
    right, problem = _attempt(right_tokens, year)
    if right is None and problem is None:
        head = _before_number(left_tokens)
        if not head:
            return None
        right_tokens = head + right_tokens
        right, problem = _attempt(right_tokens, year)
        if right is None and problem is None:
            return None
    # If right is None, it is impossible in the plan's year: a weekday or 29 February may fit another.
    right_explicit = right is not None and right.explicit
    left_year = right.start.year if right is not None and right.explicit else year
    left, left_problem = _attempt(left_tokens, left_year)
    if left is None and left_problem is None:
        tail = _after_first(written_right)
        if not tail:
            return None
        left_tokens = left_tokens + tail
        left, left_problem = _attempt(left_tokens, left_year)
        if left is None and left_problem is None:
            return None
    # "jul" alone is July beside a month ("jun-jul") and Christmas Eve beside anything else ("jul-nytår")
    left_in_range = not (left is not None and _christmas_here(left_tokens, right))
    right_in_range = not (right is not None and _christmas_here(right_tokens, left))
    if not left_in_range:
        left, left_problem = _attempt(left_tokens, left_year, False)
    if not right_in_range:
        right, problem = _attempt(right_tokens, year, False)
    if left is None:  # impossible in the end's year: the year before, if the span crosses into it
        earlier = _attempt(left_tokens, left_year - 1, left_in_range)[0] if right_explicit else None
        if right is None or earlier is None or earlier.explicit:
            raise _Impossible(left_problem or "")
        if not earlier.start <= right.end < months_later(earlier.start, 6):
            raise _Impossible(left_problem or "")
        left = earlier
    elif right_explicit and right is not None:
        if _crosses(left, right) and not left.explicit:
            # "15. december - 15. januar 2022": the December before, for at most half a year
            # ("maj-marts 2020" is an error)
            earlier = _attempt(left_tokens, left.start.year - 1, left_in_range)[0]
            if earlier is not None and earlier.start <= right.end < months_later(earlier.start, 6):
                left = earlier
    else:
        base = left.start.year if left.explicit else year  # "marts 2023-maj"; "uge 1-48" starts in December
        here, here_problem = (
            (right, problem) if base == year else _attempt(right_tokens, base, right_in_range)
        )
        if here is None or _crosses(left, here):
            # Does the end fall before the start in the start's year? Its date without its weekday says so;
            # 29 February that does not exist then: the day a year before the next year's.
            bare = here or _attempt(_without_weekday(right_tokens), base, right_in_range)[0]
            rolled, rolled_problem = _attempt(right_tokens, base + 1, right_in_range)
            if bare is None and rolled is not None:
                bare = replace(rolled, end=months_later(rolled.end, -12))
            if bare is not None and _crosses(left, bare):
                if rolled is not None and left.start <= rolled.end < _a_year_after(left.start):
                    here = rolled
                elif rolled_problem:  # "fredag 15/12 - torsdag 10/1": what is wrong in the year it ends
                    raise _Impossible(rolled_problem)
        if here is None:
            raise _Impossible(here_problem or "")
        right = here
    if not (left.plain and right.plain) or left.ranged or right.ranged:  # no spans of spans
        return None
    if right.end < left.start:
        raise _Impossible("perioden slutter før den begynder")
    return _Span(
        left.start, right.end, left.explicit or right.explicit, ranged=True, via=left.via + right.via
    )


def _without_weekday(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A date without the weekday written before it ("onsdag 10/1" is "10/1")."""
    if len(tokens) > 1 and tokens[0] in _WEEKDAYS:
        skip = 2 if tokens[1] in (".", ",") else 1
        return tokens[skip:]
    return tokens


def _christmas_here(tokens: tuple[str, ...], other: _Span | None) -> bool:
    return tokens == ("jul",) and other is not None and "måned" not in other.via


def _attempt(tokens: tuple[str, ...], year: int, in_range: bool = True) -> tuple[_Span | None, str | None]:
    """An end of a span read in a year: the reading, or why it is impossible in that year."""
    result = _parse(tokens, year, in_range)
    if isinstance(result, str):
        return None, result
    return result, None


def _crosses(left: _Span, right: _Span) -> bool:
    """The end is before the start, and not in the month the span starts (that is a slip: "28.-27. maj")."""
    return right.end < left.start and (right.end.year, right.end.month) != (left.start.year, left.start.month)


def _before_number(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words before the first number: "uge" of "uge 10"."""
    for i, token in enumerate(tokens):
        if token.isdigit():
            return tokens[:i]
    return ()


def _after_first(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """What follows the first token (and its dot): "marts 2021" of "15. marts 2021"."""
    skip = 2 if len(tokens) > 1 and tokens[1] == "." else 1
    return tokens[skip:]


def _on_range(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    return _join(c["x"], c["y"], year)


def _on_list(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "22. og 23. april", "uge 10, 11 og 12": the span from the first to the last; every item between
    must read (alone or with the words of its neighbours) and lie inside it."""
    separators = {"-"} if "z" in c else _LIST_SEPARATORS  # "marts-april-maj": a list written with dashes
    if any(t in separators for t in c["x"]):
        return None  # the first separator's match does the work
    tokens = (*c["x"], "-", *c["y"], "-", *c["z"]) if "z" in c else (*c["x"], ",", *c["y"])
    items: list[tuple[str, ...]] = [()]
    for token in tokens:
        if token in separators:
            items.append(())
        else:
            items[-1] += (token,)
    if not items[-1] or not items[0]:
        return None
    items = [item for item in items if item]
    whole = _join(items[0], items[-1], year)
    if whole is None:
        return None
    years = dict.fromkeys((year, whole.start.year, whole.end.year))  # "uge 1, 2 og 3" of 2020 starts in 2019
    for item in items[1:-1]:
        readings = [
            span
            for candidate in (item, _before_number(items[0]) + item, item + _after_first(items[-1]))
            for y in years
            if (span := _sub(candidate, y, True)) is not None
        ]
        if not readings:
            return None
        if not any(whole.start <= span.start and span.end <= whole.end for span in readings):
            raise _Impossible("listen står ikke i tidsorden")
    return whole


_LIST_SEPARATORS = frozenset({",", "og", "&", "samt", "eller"})


def _on_open(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """fra X, X og frem, X –, X+: from the start of X to 31 December of that year. Weeks count in
    their ISO year: "uge 1 og frem" of 2026 starts on 29 December 2025 and runs through 2026."""
    span = _sub(c["x"], year, in_range)
    if span is None or span.deadline:
        return None
    if span.open_ended:
        return span
    if "f" in c and "e" not in c and span.ranged:  # "fra 1. marts - 15. april" is that span
        return span
    first_year = span.start.isocalendar().year if _is_weeks(span) else span.start.year
    return _Span(span.start, date(first_year, 12, 31), span.explicit, open_ended=True)


def _on_after(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """efter X: from the day after X (after a school holiday: the Monday after), open-ended."""
    span = _sub(c["x"], year, in_range)
    if span is None or not span.plain:
        return None
    if _is_turn_of_year(span):  # "efter årsskiftet": the new year
        start = date(span.end.year, 1, 1)
    else:
        start = _monday_after(span.end) if span.holiday else span.end + timedelta(days=1)
    return _Span(start, date(start.year, 12, 31), span.explicit, open_ended=True)


def _on_week_after(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """umiddelbart efter X: the seven days after X (after a school holiday: its Monday to Sunday)."""
    span = _sub(c["x"], year, in_range)
    if span is None or not span.plain:
        return None
    start = _monday_after(span.end) if span.holiday else span.end + timedelta(days=1)
    return _Span(start, start + timedelta(days=6), span.explicit)


def _on_same(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "i X", "i løbet af X", "ca. X": X."""
    return _sub(c["x"], year, in_range)


def _on_year_first(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "2021, 2. halvår", "uge 35-37, 2023", "3. kvartal i 2023", "marts i år", "Q3/2025": the rest,
    in that year. The rest must name no year of its own, and must not be a year ("2021/2022")."""
    given = c["y"] if "y" in c else year + 1 if "next" in c else year
    span = _sub(c["x"], given, in_range)
    if span is None or span.explicit or c["x"] in (("i_år",), ("næste_år",), ("året",)):
        return None
    return replace(span, explicit=True)


_SEPARATORS = frozenset({"-", ",", ".", "/", ";"})
_START_WORDS = frozenset({"fra", "efter", "og_frem", "start", "umiddelbart_efter"})


def _on_label(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "Udsat – senest forår 2027", "Status: i gang", "Planlagt: efterår 2025": the time after the
    label. After a word of moving, "fra X til Y" is where it was moved from and to: Y."""
    rest = c["x"]
    if rest[0] in _SEPARATORS:  # the pattern's optional separator takes it
        return None
    if c.get("l") in _MOVED and rest[0] == "fra":  # "flyttet fra uge 12 til uge 14"
        for i, token in enumerate(rest[2:-1], 2):
            if token in ("til", "til_og_med") and _sub(rest[1:i], year, in_range) is not None:
                return _sub(rest[i + 1 :], year, in_range)
        return None
    return _sub(rest, year, in_range)


def _on_start_and_end(c: dict[str, Any], year: int, in_range: bool) -> _Span | None:
    """ "Opstart uge 34, forventet afsluttet uge 48", "fra marts, senest juni": a start and a deadline
    are one span from the start to the deadline; the deadline's year defaults to the start's."""
    x = c["x"]
    if (_START_WORDS.isdisjoint(x) and x[-1] != "-") or c["y"][0] in _SEPARATORS:  # no start written
        return None
    start = _sub(x, year, True)
    if start is None or not start.open_ended:
        return None
    end_tokens = (c["k"], *c["y"]) if "k" in c else c["y"]
    end = _sub(end_tokens, start.start.year, True)
    if end is not None and end.end < start.start and not end.explicit:
        end = _sub(end_tokens, start.start.year + 1, True)
    if end is None or not end.deadline:
        return None
    if end.end < start.start:
        raise _Impossible("perioden slutter før den begynder")
    return _Span(start.start, end.end, start.explicit or end.explicit, ranged=True, via=start.via + end.via)


# --- the records ----------------------------------------------------------------------------------

FORMS: tuple[Form, ...] = (
    Form("dag", (
        "<y:year> - <m:num> - <d:num>", "<d:day> . <m:num> . <y:yy>", "<d:day> . <m:num> .? <y:year>?",
        "<d:day> / <m:num> -|/ <y:yy>", "<d:day> / <m:num> <y:year>?", "<d:day> - <m:num> - <y:yy>",
        "<d:day> .? <m:month> .? ,? <y:yy>?",
    ), _on_day, ("5. marts", "5. december 2019", "den 1. maj", "d. 5/3", "12.03.2020", "3.3.21", "2020-03-12",
                 "12/3", "15/6-21", "5. sept. 2021", "5-11-25", "12. marts kl. 9-15", "12. marts 19.30"),
         "klokkeslæt efter en dato tæller ikke"),
    Form("dage", (
        "<d:day> .? -|/ <d2:day> .? <m:month> .? ,? <y:yy>?", "<d:day> .? - <d2:day> . <m:num> .? <y:yy>?",
    ), _on_days, ("23/24. februar", "1.-15. marts", "12.-13. marts 21")),
    Form("ugedag", (
        "<w:weekday> .? ,? {x}", "<w:weekday> .? i? uge <n:num> ,? <y:year>?",
        "<w:weekday> .? -|/|til <w2:weekday> .? ,? {x}",
    ), _on_weekday,
         ("tirsdag den 6. oktober 2020", "fre. 9/10", "mandag i uge 12", "lørdag-søndag 6.-7. juni"),
         "ugedagen skal passe"),
    Form("ugedag i",
         ("<n:num> . <w:wkd> i|af {x}", "sidste <w:wkd> i|af {x}", "<l:næstsidste> <w:wkd> i|af {x}"),
         _on_nth_weekday,
         ("første mandag i marts", "anden tirsdag i september", "sidste fredag i maj",
          "3. onsdag i oktober 2026", "første weekend i september", "næstsidste fredag i juni",
          "1. søndag i advent"),
         "den første (anden, ..., sidste) af den ugedag i perioden; en weekend tælles ved sin lørdag"),
    Form("ugedag før/efter", (
        "<n:num> . <w:wkd> <d:near> {x}", "sidste <w:wkd> <d:before> {x}", "<w:wkd> <d:near> {x}",
    ), _on_weekday_near, ("fredag før efterårsferien", "første mandag efter sommerferien",
                          "sidste fredag før jul", "weekenden efter påske"),
         "den nærmeste ugedag før X begynder eller efter X slutter"),
    Form("weekend", ("<e:weekend> i? {x}",), _on_weekend, ("weekenden i uge 30", "weekend uge 30 2026",
                                                            "weekenden 6.-7. juni"),
         "lørdag og søndag i ugen; skrevne datoer skal være en weekend"),
    Form("højtid", ("<f:feast> <y:year>?",), _on_feast,
         ("påske", "påske 2021", "pinse", "Kristi himmelfart", "sankthans", "jul", "nytår", "2. påskedag",
          "mors dag"),
         "påske: skærtorsdag-2. påskedag; jul: 24. december; nytår: 1. januar efter planens år"),
    Form("måned", ("<m:month> .? ,? <y:yy>?", "<m:month> .? -|/ <y:yy>"), _on_month,
         ("Juni", "marts 2021", "sept.", "jul.", "maj 21", "marts måned", "mar-23")),
    Form("år", ("<y:year>", "år|året <y:year>", "året", "i_år", "<next:næste_år>"), _on_year,
         ("2021", "i år", "næste år")),
    Form("år-år", ("<y:year> -|/ <y2:yy>",), _on_years, ("2020-2025", "2021-23", "2021/2022")),
    Form("årstid", ("<s:season> ,? <y:yy>?", "<s:season> <y:yy> -|/ <y2:yy>"), _on_season,
         ("forår", "Sommer 2021", "efteråret 22", "vinteren 2021/22", "sensommer"),
         "forår mar-maj, sommer jun-aug, efterår sep-nov, vinter dec-feb, "
         "forsommer maj-jun, sensommer aug-sep"),
    Form("del af", ("<p:part> {x}",), _on_part,
         ("primo april", "medio april", "ultimo feb. 2021", "primo 2021", "medio 2021", "ultimo 2021",
          "start maj", "først i maj", "midt i maj", "slut maj", "sidst i maj", "i begyndelsen af 2021",
          "midt i 2021", "i slutningen af 2021", "hen mod slutningen af 2021", "ultimo 3. kvartal",
          "i det tidlige forår", "sent på efteråret", "først på sommeren", "i midten af 2027",
          "start uge 34", "slut 30. juni"),
         "måned: 1-10, 11-20, 21-sidste; år: januar, juni-juli, december; flere måneder: den første, "
         "midterste, sidste; start/slut før en dag eller uge: åben start/frist"),
    Form("halvdel", ("<h:half> {x}",), _on_half_of,
         ("første halvdel af maj", "sidste halvdel af maj", "første halvdel af 2021"),
         "1.-15. og 16.-sidste"),
    Form("uge", ("uge <n:num> ,? <y:year>?", "uge <n:num> -|/ <y:year>"), _on_week,
         ("uge 12", "Uge 7 2021", "uge 12, 2021", "uge nr. 12"), "ISO-uge, mandag-søndag"),
    Form("uge i måned",
         ("<n:num> . uge i|af <m:month> .? ,? <y:yy>?", "sidste uge i|af <m:month> .? ,? <y:yy>?"),
         _on_week_of_month, ("den første uge i januar 2023", "anden uge i marts", "sidste uge i maj"),
         "ugen med månedens første (anden, ...) torsdag"),
    Form("kvartal", (
        "<n:num> .? kvartal ,? <y:yy>?", "q <n:num> ,? <y:yy>?", "kvartal <n:num> ,? <y:year>?",
        "q <n:num> -|/ <y:yy>", "<n:num> q ,? <y:yy>?", "<n:num> .? kvartal -|/ <y:yy>",
    ), _on_quarter,
         ("1. kvartal", "Q3", "4. kvt. 2021", "første kvartal 2022", "q1-2022", "Q3/2025", "3Q 2025")),
    Form("halvår", ("<n:num> .? halvår ,? <y:yy>?", "h <n:num> ,? <y:yy>?", "halvår <n:num> ,? <y:year>?",
                    "h <n:num> -|/ <y:yy>", "<n:num> .? halvår -|/ <y:yy>"),
         _on_half, ("1. halvår", "2. halvår 2021", "andet halvår", "H1 2022")),
    Form("årsskiftet", ("årsskiftet", "årsskiftet <y:year>", "årsskiftet <y:yy> -|/ <y2:yy>"),
         _on_turn_of_year,
         ("årsskiftet 2020/21", "omkring årsskiftet", "årsskiftet 2021"), "december-januar"),
    Form("skoleferie",
         ("<h:holiday> ,? <y:year>?", "<h:holiday> ,? <y:yy> -|/ <y2:yy>", "<h:holiday> ,? {x}"), _on_holiday,
         ("sommerferien", "efterårsferien 2022", "vinterferien", "juleferien", "påskeferien",
          "efterårsferien i uge 43"),
         "sommerferien uge 27-32, efterårsferien uge 42, vinterferien uge 7, juleferien 23/12-1/1, "
         "påskeferien ugen før 2. påskedag"),
    Form("skoleår", ("skoleåret <y:yy> -|/ <y2:yy>", "skoleåret"), _on_school_year,
         ("skoleåret 2021/22", "skoleåret 2021-2022", "skoleår 21/22"), "1. august-31. juli"),
    Form("løbende", ("løbende <y:year>?", "løbende ,? {x}"), _on_ongoing,
         ("Løbende", "hele året", "løbende 2022-2025", "hele perioden")),
    Form("anmærkning", ("{x} ( {y} )",), _on_annotation,
         ("2. marts 2020 (uge 10)", "efterårsferien (uge 43)", "2021 (foreløbig)", "3.-9. juni (uge 23)",
          "efterår 2026 (oktober)"),
         "skal passe med tidspunktet; en uge i parentes vinder over en skoleferies sædvanlige uge; skrevne "
         "datoer vinder over et ugenummer; en mindre periode inden i tidspunktet gør det smallere"),
    Form("frist", ("<k:deadline> {x}",), _on_deadline,
         ("senest 15. maj", "senest uge 20", "senest i foråret 2022", "til og med juni", "frem til 2023",
          "frem mod 2024", "pr. 1. september", "inden 1. oktober", "før jul", "inden sommeren 2022",
          "inden 2023", "inden udgangen af 2022", "frist 1. maj", "inden sommerferien",
          "inden udgangen af juni", "indtil 1. maj", "frem til efteråret",
          "senest ved udgangen af 2. kvartal", "til efteråret"),
         "fra 1. januar i fristens år; senest/til og med/pr./inden udgangen af X: til X's slutning; "
         "inden/før X: dagen før X; til + en årstid uden år: den kommende årstid"),
    Form("fra-til", ("fra? {x} til|til_og_med {y}", "fra {x} -|/ {y}", "mellem {x} og {y}"), _on_range,
         ("3. marts til 15. april", "fra den 1. maj til den 30. juni 2021", "juni til august",
          "fra uge 10 til uge 14", "fra tirsdag den 6. oktober kl. 9 til torsdag aften den 8. oktober 2020",
          "5-11-25 til 20-1-26", "28. december til 2. januar 2027"),
         "klokkeslæt og morgen/formiddag/aften tæller ikke"),
    Form("åben slutning", ("<f:fra> {x}", "{x} og_frem", "{x} -", "<f:fra> {x} <e:og_frem>"), _on_open,
         ("fra maj", "Februar og frem", "I februar og frem", "marts 2021 –", "2021+", "fra skoleåret 2021/22",
          "tidligst 2023"), "til 31. december i startens år (en uges: i dens ISO-år)"),
    Form("efter", ("efter {x}",), _on_after,
         ("efter 2021", "efter sommerferien", "efter efterårsferien 2022", "efter påske", "først efter 2031",
          "til efter vinterferien 2026"),
         "fra dagen efter (en skoleferie: mandagen efter) til 31. december"),
    Form("umiddelbart efter", ("umiddelbart_efter {x}",), _on_week_after,
         ("umiddelbart efter sommerferien", "lige efter påske"),
         "de 7 dage efter; efter en skoleferie mandag-søndag"),
    Form("i", ("i {x}",), _on_same,
         ("i uge 51", "i Q3", "i løbet af marts-april", "hen over sommeren", "hele 2021")),
    Form("ca.", ("<h:hedge> .? {x}",), _on_same, ("ca. marts", "forventet 2022", "omkring 1. maj")),
    Form("status foran", (
        "<l:label> -|,|.|/? {x}", "<l:label> ( {x} )", "<p:phase> <n:num> .? -|,|/? {x}",
        "<p:phase> <n:num> .? ( {x} )",
    ), _on_label,
         ("Gennemføres 2024-2026", "Udsat – senest forår 2027", "Status: i gang 2026",
          "Forsinket – forventet Q3 2026", "Flyttet fra uge 12 til uge 14", "Etape 1: april-juni 2026"),
         "ordet læses forbi; resten skal nævne et tidspunkt; flyttet/udsat fra X til Y: Y"),
    Form("årstal for sig",
         ("<y:year> ,|:? {x}", "{x} , <y:year>", "{x} i <y:year>", "{x} i_år", "{x} <next:næste_år>",
          "{x} -|/ <y:year>"), _on_year_first,
         ("2021, 2. halvår", "2021, marts", "2022 Q1", "uge 35-37, 2023", "i tredje kvartal i 2023",
          "marts i år", "efterår-2026")),
    Form("start og slut", ("{x} ,|;|.|og|-|/ {y}", "{x} ,|;|.|og|-|/? <h:hedge>? .? <k:dword> {y}"),
         _on_start_and_end,
         ("opstart uge 34, forventet afsluttet uge 48", "fra marts, senest juni",
          "Start: uge 34 - Slut: uge 48"),
         "fra starten til fristen"),
    Form("liste", ("{x} ,|og|&|samt|eller {y}", "{x} - {y} - {z}"), _on_list,
         ("22. og 23. april", "3., 4. og 5. maj", "uge 10, 11 og 12", "marts og april", "1. og 2. kvartal",
          "marts-april-maj", "maj eller juni"),
         "fra det første til det sidste"),
    Form("spænd", ("{x} -|/ {y}",), _on_range,
         ("Marts-april", "15. marts - 15. april", "november-januar", "november 2020 – februar 2021",
          "efterår 2022 - forår 2023", "uge 10-12", "uge 52-2", "uge 33/34", "medio/ultimo 2023",
          "Forår//sommer", "Primo marts - ultimo maj"),
         "uden årstal: en slutning før starten er i næste år"),
)  # fmt: skip


# --- token patterns ---------------------------------------------------------------------------------


def _number(token: str, digits: tuple[int, ...]) -> int | None:
    return int(token) if len(token) in digits and token.isascii() and token.isdigit() else None


def _yy(token: str) -> int | None:
    """A year of four digits, or two (20xx)."""
    value = _number(token, (2, 4))
    return value + 2000 if value is not None and len(token) == 2 else value


_CLASSES: dict[str, Callable[[str], Any]] = {
    "num": lambda t: _number(t, (1, 2, 3, 4)),
    "day": lambda t: _number(t, (1, 2)),
    "year": lambda t: _number(t, (4,)),
    "yy": _yy,
    "month": lambda t: MONTHS.get(t) or MONTH_ABBREVIATIONS.get(t),
    "season": SEASONS.get,
    "part": _PARTS.get,
    "weekday": _WEEKDAYS.get,
    "wkd": lambda t: _WEEKDAYS.get(t, _WEEKEND if t in _WEEKEND_WORDS else None),
    "weekend": lambda t: t if t in _WEEKEND_WORDS else None,
    "near": lambda t: t if t in ("inden", "efter") else None,
    "before": lambda t: t if t == "inden" else None,
    "feast": lambda t: t if t in _FEASTS else None,
    "holiday": lambda t: t if t in _HOLIDAYS else None,
    "hedge": lambda t: t if t in _HEDGES else None,
    "label": lambda t: t if t in _LABELS or t == "status" else None,
    "phase": lambda t: t if t in _PHASES else None,
    "dword": lambda t: t if t in _DEADLINE_WORDS else None,
    "deadline": _DEADLINE_WORDS.get,
    "half": {"halvdel_1": 1, "halvdel_2": 2}.get,
}

_LIT, _CLS, _REST = 0, 1, 2
_Element = tuple[int, str, Any, bool]  # kind, capture name, words or class test, optional


@dataclass(frozen=True, slots=True)
class _Pattern:
    elements: tuple[_Element, ...]
    least: tuple[int, ...]  # tokens still needed from each element on
    most: tuple[float, ...]  # tokens at most from each element on
    required: tuple[frozenset[str], ...]  # words that must occur somewhere
    first: Callable[[str], Any] | None  # a test the first token must pass, if the pattern has one


def _compile(pattern: str) -> _Pattern:
    """Token pattern syntax: `word|word` a literal token, `<name:class>` a token of a class
    (captured), `{name}` one or more tokens (captured), a trailing `?` makes an element optional."""
    elements: list[_Element] = []
    for piece in pattern.split():
        optional = len(piece) > 1 and piece.endswith("?")
        piece = piece[:-1] if optional else piece
        if piece.startswith("{"):
            elements.append((_REST, piece[1:-1], None, False))
        elif piece.startswith("<") and ":" in piece:
            name, _, cls = piece[1:-1].partition(":")
            if cls in _CLASSES:
                elements.append((_CLS, name, _CLASSES[cls], optional))
            else:  # a literal captured by name: "<f:fra>"
                elements.append((_CLS, name, frozenset(cls.split("|")).__contains__, optional))
        else:
            elements.append((_LIT, "", frozenset(piece.split("|")), optional))
    least = [0] * (len(elements) + 1)
    most: list[float] = [0.0] * (len(elements) + 1)
    for i in range(len(elements) - 1, -1, -1):
        kind, _, _, optional = elements[i]
        least[i] = least[i + 1] + (0 if optional else 1)
        most[i] = float("inf") if kind == _REST else most[i + 1] + 1
    required = tuple(words for kind, _, words, optional in elements if kind == _LIT and not optional)
    kind, _, test, optional = elements[0]
    first = None if kind == _REST or optional else test.__contains__ if kind == _LIT else test
    return _Pattern(tuple(elements), tuple(least), tuple(most), required, first)


@lru_cache(maxsize=1)
def _compiled_forms() -> tuple[tuple[Form, tuple[_Pattern, ...]], ...]:
    return tuple((form, tuple(_compile(p) for p in form.patterns)) for form in FORMS)


def _match(
    pattern: _Pattern, tokens: tuple[str, ...], i: int, j: int, caps: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    left = len(tokens) - j
    if left < pattern.least[i] or left > pattern.most[i]:
        return
    if i == len(pattern.elements):
        yield caps
        return
    kind, name, test, optional = pattern.elements[i]
    if kind == _REST:
        for k in range(j + 1, len(tokens) - pattern.least[i + 1] + 1):
            yield from _match(pattern, tokens, i + 1, k, {**caps, name: tokens[j:k]})
        return
    if j < len(tokens):
        if kind == _LIT:
            if tokens[j] in test:
                yield from _match(pattern, tokens, i + 1, j + 1, caps)
        else:
            value = test(tokens[j])
            if value is not None and value is not False:
                yield from _match(pattern, tokens, i + 1, j + 1, {**caps, name: value})
    if optional:
        yield from _match(pattern, tokens, i + 1, j, caps)


@lru_cache(maxsize=16384)
def _parse(tokens: tuple[str, ...], year: int, in_range: bool) -> _Span | str | None:
    """The first reading of `tokens` by the forms in order; a str says why a form that matched
    names something impossible (kept in case nothing reads).

    Handlers read only token lists shorter than the one they were given (parts of it, or a part
    completed with words of another part: see `_join`), so the recursion ends."""
    if not tokens or len(tokens) > _MAX_TOKENS:
        return None
    present = frozenset(tokens)
    count, head = len(tokens), tokens[0]
    problem: str | None = None
    for form, patterns in _compiled_forms():
        for pattern in patterns:
            if count < pattern.least[0] or count > pattern.most[0]:
                continue
            if pattern.first is not None:
                passed = pattern.first(head)
                if passed is None or passed is False:  # (Monday is 0: no `in (None, False)`)
                    continue
            if pattern.required and any(present.isdisjoint(words) for words in pattern.required):
                continue
            for caps in _match(pattern, tokens, 0, 0, {}):
                try:
                    span = form.handler(caps, year, in_range)
                except _Impossible as impossible:
                    problem = problem or str(impossible)
                    continue
                except (ValueError, OverflowError):
                    problem = problem or "datoen ligger uden for kalenderen"
                    continue
                if span is not None:
                    return replace(span, via=(*span.via, form.name))
    return problem


def _sub(tokens: tuple[str, ...], year: int, in_range: bool = False) -> _Span | None:
    """A part of the text read with the whole grammar; its impossibility is the form's."""
    result = _parse(tokens, year, in_range)
    if isinstance(result, str):
        raise _Impossible(result)
    return result


# --- folding and tokens -------------------------------------------------------------------------------


def _split(folded: str) -> list[str]:
    return re.findall(r"[0-9]+|[^\W\d_]+|\S", folded)


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    table = {tuple(key.split()): tuple(value.split()) for key, value in _PHRASES.items()}
    return table, max(map(len, table))


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word the grammar knows, for "mente du ...?" and for "IFebruar" (a glued "i")."""
    words: set[str] = set()
    for table in (
        MONTHS,
        MONTH_ABBREVIATIONS,
        SEASONS,
        _WEEKDAYS,
        _FEASTS,
        _HOLIDAYS,
        _HEDGES,
        _PARTS,
        _LABELS,
        _PHASES,
        _WEEKEND_WORDS,
    ):
        words.update(table)
    for key in _PHRASES:
        words.update(w for w in _split(key) if w.isalpha())
    for form in FORMS:
        for pattern in form.patterns:
            for piece in pattern.replace("?", " ").replace("|", " ").replace(":", " ").split():
                if piece.isalpha():
                    words.add(piece)
    return frozenset(w for w in words if "_" not in w)


def _is_time_at(tokens: list[str], j: int) -> int | None:
    """Index after a time of day starting at j ("9", "9.00", "09:30"), or None."""
    hour = _number(tokens[j], (1, 2)) if j < len(tokens) else None
    if hour is None or hour > 24:
        return None
    if j + 2 < len(tokens) and tokens[j + 1] in ".:" and _number(tokens[j + 2], (2,)) is not None:
        return j + 3
    return j + 1


def _without_times(tokens: list[str]) -> list[str]:
    """Drop "kl. 9", "kl. 9.00-12", "10:00-12:00", "mellem kl. 9 og 15" (a range is read by its days), and
    after a date also "19.30" and "9.00-15.00" without "kl.". A word that leads a time after a date
    goes with it: "12. marts fra kl. 9 til 15" is 12 March."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        lead = len(out)
        while lead > 0 and (out[lead - 1] in _TIME_LEADS or out[lead - 2 : lead] == ["ca", "."]):
            lead -= 2 if out[lead - 1] == "." else 1  # "ca. kl. 10"
        end = _time_at(tokens, i, out[:lead] if lead else out)
        if end is not None:
            if 0 < lead < len(out):  # something came before the leading words: a date
                del out[lead:]
            i = end
            continue
        out.append(tokens[i])
        i += 1
    return out


_TIME_LEADS = frozenset({"fra", "mellem", "ca", "cirka", "omkring", "ved", "om"})


def _time_at(tokens: list[str], i: int, before: list[str]) -> int | None:
    """Index after a time of day (and a second one joined to it) that starts at i, or None."""
    token = tokens[i]
    if token in ("kl", "klokken"):
        j = i + 2 if i + 1 < len(tokens) and tokens[i + 1] == "." else i + 1
        end = _is_time_at(tokens, j)
    elif (
        token.isdigit()
        and i + 2 < len(tokens)
        and tokens[i + 1] in ".:"
        and _number(tokens[i + 2], (2,)) is not None
        and (tokens[i + 1] == ":" or (_after_a_date(before) and int(tokens[i + 2]) < 60))
        and not (i + 3 < len(tokens) and tokens[i + 3] in "./")
    ):
        end = _is_time_at(tokens, i)
    else:
        return None
    if end is None:
        return None
    if end < len(tokens) and tokens[end] in ("-", "til", "og"):
        k = end + 1
        if k < len(tokens) and tokens[k] in ("kl", "klokken"):
            k += 2 if k + 1 < len(tokens) and tokens[k + 1] == "." else 1
        after = _is_time_at(tokens, k)
        if after is not None and not (after < len(tokens) and tokens[after] in "./"):
            end = after
    return end


def _after_a_date(before: list[str]) -> bool:
    """The tokens end with a date or a month ("12. marts", "12/3", "12.3.", "marts 2026", "…,"), so a
    number with two-digit minutes after them is a time of day, not a date or a year."""
    if not before:
        return False
    last = before[-1]
    if last == "," or last in MONTHS or last in MONTH_ABBREVIATIONS or _number(last, (4,)) is not None:
        return True
    if last == "." and len(before) > 1 and before[-2] in MONTH_ABBREVIATIONS:
        return True
    if len(before) >= 3 and last.isdigit() and before[-2] == "/" and before[-3].isdigit():
        return True
    return (
        len(before) >= 4
        and last == "."
        and before[-2].isdigit()
        and before[-3] == "."
        and before[-4].isdigit()
    )


def _glued(word: str) -> bool:
    """A word that may follow a glued "i" ("ifebruar"): a name of a month, season, week or day."""
    return (
        word in MONTHS or word in MONTH_ABBREVIATIONS or word in SEASONS or word in _FEASTS
        or word in _HOLIDAYS or word in _GLUE_WORDS
    )  # fmt: skip


_GLUE_WORDS = frozenset({"uge", "løbet", "begyndelsen", "starten", "slutningen", "midten", "perioden", "år"})


def _tokens(folded: str) -> tuple[str, ...]:
    """The folded text as canonical tokens."""
    tokens: list[str] = []
    for token in _split(folded):
        if token.startswith("i") and _glued(token[1:]) and not _glued(token):  # "IFebruar og frem"
            tokens += ["i", token[1:]]
        else:
            tokens.append(token)
    tokens = _without_times(tokens)
    table, longest = _phrases()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "d" and i + 1 < len(tokens):  # "d. 5. marts", "d. 5/3"
            j = i + 2 if tokens[i + 1] == "." else i + 1
            if j < len(tokens) and (tokens[j].isdigit() or tokens[j] in _WEEKDAYS):
                i = j
                continue
        if tokens[i] == "+" and i + 1 < len(tokens):  # "1.+2. juni", "Q1+Q2": a list; at the end: "2021+"
            out.append("og")
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            replacement = table.get(tuple(tokens[i : i + size]))
            if replacement is not None:
                out += replacement
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    # A colon ends a label ("Start: marts" starts in March, "start marts" is early March), then goes:
    # "Opstart: marts", "2021: Q3".
    out = [t for t in out if t != ":"]
    for k in range(len(out) - 2, -1, -1):  # "(aften)", "(hele dagen)": a note of nothing but words that go
        if out[k : k + 2] == ["(", ")"]:
            del out[k : k + 2]
    while len(out) > 1 and (out[-1] in ",;:!" or (out[-1] == "." and out[-2] not in MONTH_ABBREVIATIONS)):
        out.pop()
    return tuple(out)


# --- reading, refusing, suggesting -------------------------------------------------------------------


def _to_period(span: _Span) -> Period:
    return Period(
        span.start, span.end, open_ended=span.open_ended, ongoing=span.ongoing, deadline=span.deadline
    )


def _read(folded: str, year: int) -> _Span | str | None:
    return _parse(_tokens(folded), year, False)


@lru_cache(maxsize=4096)
def parse_timing(text: str, year: int) -> Period:
    """Read a TIDSPUNKT; `year` is the plan's year for texts that name none.

    Raises `TimingError` (naming the text) for anything else, including dates that do not
    exist: "30. februar" is an error, never quietly 29 February. This is the one place a
    period leaves the grammar, so this is where "no end before its start" is enforced.
    """
    folded = fold_to_danish(text)
    if not folded:
        raise TimingError(text, "teksten er tom")
    result = _read(folded, year)
    if isinstance(result, _Span):
        if result.end < result.start:
            raise TimingError(text, "perioden slutter før den begynder")
        return _to_period(result)
    if isinstance(result, str):
        raise TimingError(text, result)
    suggestion = _suggestion(folded, year)
    if suggestion:
        raise TimingError(text, suggestion=suggestion)
    raise TimingError(text, _refusal(folded) or "ukendt form; se 'plan tidspunkt --help'")


def _refusal(folded: str) -> str | None:
    """Why a text that reads as no form is refused, if it is one of the kinds we know."""
    words = re.findall(r"[0-9]+\.?|[^\W\d_]+", folded)
    if not words or folded in ("n/a", "x", "…", "...") or words in (["x"], ["na"]):
        return _REFUSALS["no_time"]
    for i, word in enumerate(words[1:], 1):  # "6 måneder", "to år"; not "1. halvår"
        if word in _DURATION_UNITS and (words[i - 1].isdigit() or words[i - 1] in _COUNT_WORDS):
            return _REFUSALS["relative"]
    present = set(words)
    if present & _NO_TIME_WORDS:
        return _REFUSALS["no_time"]
    if present & _RECURRENCE_WORDS or ("gang" in present and "i gang" not in " ".join(words)):
        return _REFUSALS["recurrence"]
    if present & _EVENT_WORDS:
        return _REFUSALS["event"]
    if present & _STATUS_WORDS or "i gang" in " ".join(words):
        return _REFUSALS["no_time"]
    return None


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _suggestion(folded: str, year: int) -> str | None:
    """ "mente du X?": X differs from the text in one word, a small edit away from a word of the
    grammar, and X reads. If several such X read differently, we do not guess."""
    found: dict[Period, str] = {}
    for candidate, result in _near_misses(folded, year):
        found.setdefault(_to_period(result), candidate)
    if len(found) != 1:
        return None
    return next(iter(found.values()))


def _near_misses(folded: str, year: int) -> Iterator[tuple[str, _Span]]:
    """The texts one word away (a small edit to a word the grammar does not know) that read."""
    known = vocabulary()
    targets = [w for w in known if len(w) >= 3]
    for word in dict.fromkeys(re.findall(r"[^\W\d_]+", folded)):
        if word in known or word in _NOT_TYPOS or len(word) < 3:
            continue
        if any(word in words for words in (_RECURRENCE_WORDS, _NO_TIME_WORDS, _EVENT_WORDS, _STATUS_WORDS)):
            continue
        limit = 1 if len(word) <= 6 else 2
        scored = sorted(
            (d, -len(t), t)
            for t in targets
            if abs(len(t) - len(word)) <= limit and (d := _distance(word, t)) <= limit
        )
        if not scored:
            continue
        best = scored[0][0]
        for _, _, target in (s for s in scored if s[0] == best):
            candidate = re.sub(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", target, folded)
            result = _read(candidate, year)
            if isinstance(result, _Span) and result.start <= result.end:
                yield candidate, result


def parse_month(text: str, year: int) -> Period:
    """A month for `--month`: "marts", "mar", "jul", "3", "03", "marts 2021" or any timing that is one
    whole month. A month's name is read before the grammar, so "jul" here is July, not Christmas Eve."""
    folded = fold_to_danish(text)
    words = folded.replace(".", " ").split()
    if folded.isascii() and folded.isdigit() and len(folded) <= 2 and 1 <= int(folded) <= 12:
        return month_span(year, int(folded))
    month = (MONTHS.get(words[0]) or MONTH_ABBREVIATIONS.get(words[0])) if words else None
    given = _number(words[1], (4,)) if month and len(words) == 2 else None
    if month and (len(words) == 1 or given is not None):
        return month_span(given or year, month)
    try:
        period = parse_timing(text, year)
    except TimingError:
        period = None
    if period and period.start.day == 1 and period.end == month_end(period.start.year, period.start.month):
        return Period(period.start, period.end)
    raise PlanError(f"ukendt måned {text!r} – skriv fx 'marts', 'mar', '3' eller 'marts 2021'")


def parse_day(text: str, year: int) -> date:
    """One day, written as people write a date: 2020-04-16, 16-04-2020, 16.04.2020, 16/4-2020,
    16/4, "16. april 2020" (a day without its year is in `year`). Any timing of the grammar that is
    one day and has a number in it; `TimingError` for anything else (a month is not a day)."""
    stripped = text.strip()
    with contextlib.suppress(ValueError):
        return date.fromisoformat(stripped)
    if not any(ch.isdigit() for ch in stripped):
        raise TimingError(text, "ikke en dato")
    period = parse_timing(stripped, year)
    if period.start != period.end:
        raise TimingError(text, f"{format_period(period)} er mere end én dag")
    return period.start


# --- words for people ------------------------------------------------------------------------------


def format_date(day: date) -> str:
    """Danish long form: "5. december 2020"."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def format_period(period: Period) -> str:
    """ "1. marts 2020 – 30. april 2020"; one day once; a deadline as "frist 15. maj 2020"."""
    if period.deadline:
        return f"frist {format_date(period.end)}"
    if period.start == period.end:
        return format_date(period.start)
    return f"{format_date(period.start)} – {format_date(period.end)}"


def help_table(width: int = 76) -> str:
    """The forms for `plan tidspunkt --help`, one per record: name, examples, then its convention;
    no line wider than `width` (76: a help page is 78 wide at most and indents it by 2).
    Examples wrap between examples; one too long for a line of its own wraps between its words."""
    label = max(len(form.name) for form in FORMS) + 4
    lines: list[str] = []

    def wrap(first: str, pieces: list[str], joiner: str) -> None:
        line = first
        for n, piece in enumerate(pieces):
            addition = piece if n == 0 else joiner + piece
            if n and len(line) + len(addition) > width:
                lines.append(line.rstrip())
                line = " " * label + piece
            else:
                line += addition
            while len(line) > width and " " in line[label + 1 : width + 1]:  # a long example: between words
                cut = line.rindex(" ", label + 1, width + 1)
                lines.append(line[:cut].rstrip())
                line = " " * label + line[cut + 1 :]
        lines.append(line.rstrip())

    for form in FORMS:
        wrap(f"  {form.name:<{label - 2}}", list(form.examples), " · ")
        if form.note:
            wrap(" " * label, f"({form.note})".split(), " ")
    return "\n".join(lines)

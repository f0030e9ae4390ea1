"""The one lexicon: closed lists of general English words that the extractors (``knowledge/``)
and the question reader (``retrieval/``) share. Nothing here is about any one document.

- **Roles**: heads of titles ("Secretary", "Ambassador") and the nouns that make a role alone.
- **Organisations**: words that end an organisation's name ("Affairs", "Ministry").
- **Calendar**: months, their abbreviations, weekdays; temporal nouns and markers.
- **Events**: one table of event nouns, each with the parts it plays (below); every list
  of event words the extractors and the reader use is derived from it.
"""

from __future__ import annotations

# Words that make another role of the one they qualify: a vice president is no president.
OTHER_ROLE = frozenset({"vice", "deputy", "assistant", "associate", "acting", "interim", "former", "co",
                        "under", "junior", "senior"})
ROLE_HEADS = {
    "president", "vice", "secretary", "undersecretary", "minister", "ambassador", "senator",
    "governor", "mayor", "chairman", "chairwoman", "chair", "director", "envoy", "representative",
    "commissioner", "chancellor", "premier", "king", "queen", "prince", "princess", "emperor",
    "pope", "general", "admiral", "colonel", "consul", "spokesperson", "spokesman", "speaker",
    "deputy", "assistant", "principal", "under", "chief", "foreign", "prime", "dr", "dr.", "mr",
    "mr.", "mrs", "mrs.", "ms", "ms.", "professor", "prof.", "judge", "justice", "congressman",
    "congresswoman", "sheikh", "emir", "counselor", "adviser", "advisor", "administrator",
    "lieutenant", "captain", "special", "executive", "charge", "chargé", "attache", "attaché",
    "head", "leader", "officer", "coordinator", "delegate", "first", "grandmaster", "champion",
    "coach", "sir", "dame", "lord", "lady", "rabbi", "bishop", "archbishop", "cardinal", "imam",
    "father", "rev", "reverend", "sergeant", "major", "marshal", "commander", "prof", "curator",
    "editor", "founder", "manager", "treasurer", "rector", "dean", "provost", "lead",
}
# Heads that make a role on their own; modifiers ("Deputy", "Foreign") need one of these after.
ROLE_NOUNS = ROLE_HEADS - {"vice", "deputy", "assistant", "principal", "under", "chief", "foreign",
                           "prime", "special", "executive", "first", "head"}
ORG_END = {
    "affairs", "state", "states", "nations", "bureau", "department", "ministry", "office",
    "union", "kingdom", "republic", "federation", "defense", "defence", "commerce", "treasury",
    "energy", "justice", "agriculture", "interior", "education", "health", "labor", "labour",
    "finance", "trade", "economy", "security", "council", "committee", "commission", "staff",
    "parliament", "senate", "congress", "assembly", "agency", "administration", "embassy",
    "organization", "development", "relations", "cooperation", "investment", "resources",
    "environment", "culture", "transport", "transportation", "infrastructure", "tourism",
    "industry", "communications", "information", "science", "technology", "sport", "sports",
    "youth", "works", "services", "board", "authority", "police", "forces", "navy", "army",
}
MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}
TEMPORAL_NOUNS = {"century", "centuries", "anniversary", "year", "years", "decade", "day", "week",
                  "month", "time", "times", "quarter", "term", "round"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}

# Event nouns and the parts they play:
#   unit        follows an ordinal to name an occurrence: "the third meeting", "the 5th festival"
#   part        a part of an occurrence: "the second session of the fourth SPD"
#   after_name  may follow a series' name: "the SRBC summit"
#   head        ends a name that already names an event ("Strategic Partnership Dialogue"),
#               so "the third SPD" needs no unit
#   suffix      dropped from a phrase to name its series: "SPD meeting" → SPD
#   asked       in a question, names the series whose events it is: "the sixth summit"
#   not_a_name  is no person's or place's name ("Dialogue", "Summit"); institution nouns
#               ("university", "fund") play this part alone
EVENT_PARTS = frozenset({"unit", "part", "after_name", "head", "suffix", "asked", "not_a_name"})
EVENT_LEXICON: dict[str, str] = {
    "meeting": "unit after_name head suffix asked not_a_name",
    "session": "unit part after_name head suffix asked not_a_name",
    "round": "unit after_name head suffix asked not_a_name",
    "edition": "unit asked not_a_name",
    "summit": "unit after_name head suffix asked not_a_name",
    "conference": "unit after_name head asked not_a_name",
    "gathering": "unit",
    "iteration": "unit",
    "sitting": "unit part",
    "part": "unit part",
    "festival": "unit head asked not_a_name",
    "ceremony": "unit asked",
    "season": "unit asked",
    "tournament": "unit asked",
    "championship": "unit head asked not_a_name",
    "congress": "unit after_name head asked not_a_name",
    "forum": "unit after_name head asked not_a_name",
    "symposium": "unit head asked",
    "convention": "unit head asked not_a_name",
    "fair": "unit head asked",
    "expo": "unit head asked",
    "exhibition": "unit head asked",
    "games": "unit head asked not_a_name",
    "race": "unit asked",
    "marathon": "unit asked",
    "concert": "unit asked",
    "show": "unit asked",
    "workshop": "unit asked",
    "hackathon": "unit",
    "release": "unit asked",
    "election": "unit head asked not_a_name",
    "census": "unit",
    "assembly": "after_name head asked not_a_name",
    "consultations": "head not_a_name",
    "cup": "head asked not_a_name",
    "dialogue": "head asked not_a_name",
    "olympics": "head not_a_name",
    "talks": "head asked not_a_name",
    "award": "asked",
    "awards": "asked",
    "ceremonies": "asked",
    "championships": "asked",
    "conferences": "asked",
    "cups": "asked",
    "dialogues": "asked",
    "editions": "asked",
    "elections": "asked",
    "event": "asked",
    "events": "asked",
    "festivals": "asked",
    "meetings": "asked not_a_name",
    "prize": "asked",
    "prizes": "asked",
    "rounds": "asked",
    "seasons": "asked",
    "sessions": "asked not_a_name",
    "summits": "asked",
    "tournaments": "asked",
    "trophy": "asked",
    "agreement": "not_a_name",
    "body": "not_a_name",
    "commission": "not_a_name",
    "council": "not_a_name",
    "framework": "not_a_name",
    "fund": "not_a_name",
    "partnership": "not_a_name",
    "plan": "not_a_name",
    "platform": "not_a_name",
    "process": "not_a_name",
    "treaty": "not_a_name",
    "university": "not_a_name",
    "visit": "not_a_name",

}


def event_words(part: str) -> tuple[str, ...]:
    """The event nouns that play ``part``, in the table's order."""
    return tuple(w for w, parts in EVENT_LEXICON.items() if part in parts.split())


EVENT_UNITS = event_words("unit")
PART_UNITS = frozenset(event_words("part"))
UNITS_AFTER_NAME = event_words("after_name")
EVENT_HEADS = frozenset(event_words("head"))
SERIES_SUFFIXES = event_words("suffix")
EVENT_WORDS = frozenset(event_words("asked"))
EVENT_NOUNS = frozenset(event_words("not_a_name"))


def alternation(words: tuple[str, ...]) -> str:
    """A regex group matching any of ``words``."""
    return "(?:" + "|".join(words) + ")"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_PATTERN = alternation(MONTHS)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Months and weekdays case-folded ("monday", "jan"): a date's words, kept in capitals, no name.
CALENDAR_WORDS = frozenset({*MONTH_NAMES, *(day.casefold() for day in WEEKDAYS)})
# Places numbered by an ordinal ("Fifth Street", "Second Avenue"): a place, not the fifth of a
# series, and no ordinal's word alone ("according to the Second Law").
NUMBERED_PLACES = frozenset({"street", "st", "avenue", "ave", "road", "rd", "lane", "boulevard", "square", "floor",
                             "ward", "district", "precinct", "arrondissement"})
# "the current president", "the former minister": when, not who
TEMPORAL_MARKERS = frozenset({"current", "currently", "now", "today", "present", "incumbent", "former", "previous",
                              "new"})

# Currencies' codes: units of an amount ("30 EUR"), not names the documents must write.
CURRENCY_CODES = frozenset({"eur", "usd", "gbp", "chf", "jpy", "cad", "aud", "sek", "nok", "dkk", "pln", "cny", "inr"})

# **Units**: a unit's names and the symbol a document writes after a number ("2,100 W" for
# "How many watts?"). Each group is one unit; its words are synonyms to the reader, and a
# unit's name is an English word, never a misspelt word of the documents ("watts" is no "water").
# One word each (a group's words are split into terms: "kilowatt hour" would make "hour" one),
# and no symbol a sentence writes for something else ("socket V", "David G. Booth").
UNITS: tuple[tuple[str, ...], ...] = (
    ("watt", "watts", "W"), ("kilowatt", "kilowatts", "kW"), ("volt", "volts"), ("decibel", "decibels", "dB"),
    ("litre", "litres", "liter", "liters"), ("millilitre", "millilitres", "milliliter", "milliliters", "ml"),
    ("gram", "grams"),
    ("kilogram", "kilograms", "kilo", "kilos", "kg"), ("centimetre", "centimetres", "centimeter", "centimeters", "cm"),
    ("millimetre", "millimetres", "millimeter", "millimeters", "mm"),
    ("kilometre", "kilometres", "kilometer", "kilometers", "km"), ("hertz", "Hz"), ("megahertz", "MHz"),
    ("gigahertz", "GHz"), ("megabyte", "megabytes", "MB"), ("gigabyte", "gigabytes", "GB"),
    ("terabyte", "terabytes", "TB"),
)
UNIT_NAMES = frozenset(word.lower() for group in UNITS for word in group if len(word) > 3)

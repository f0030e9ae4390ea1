"""What a number question's answer looks like: a sum of money, a measure, a share or a count.

"How much did the tower cost?" is not answered by "constructed in 1990", nor "How many city
blocks?" by a year: the reader's ``typed_number`` evidence counts only a value of the kind
asked for. A table of (kind, question pattern, value pattern), first match wins ("How many
studies of income ...?" asks for a count, not a sum); a number question that matches none
takes any number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import CURRENCY_CODES, MONTH_PATTERN, UNITS, WEEKDAYS, alternation
from retrieval.analyzer import terms

_WEEKDAYS = alternation(WEEKDAYS)  # "Monday to Friday" (read without case)
_CODES = "|".join(sorted(CURRENCY_CODES))  # "EUR 200", "200 eur" (read without case)
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"  # a year, as a count is not ("2150 seats" is a count)
# A number written in digits, read once from its first digit ("1,000.50"): no retries from each of
# its digits, so that a long run of digits in a document costs no more than its length.
_DIGITS = r"(?<![\d,.])\d++(?:[,.]\d++)*+"
_NUMBER_WORDS = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                 r"hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several|half)")
_UNITS = (r"(?:km|kilomet\w*|m|met(?:er|re)s?|ft|feet|foot|mi|miles?|inch\w*|cm|mm|kg|kilograms?|lbs?|"
          r"pounds?|tons?|tonnes?|acres?|hectares?|°\w?|degrees?|mph|km/h|square|sq|stor(?:e?y|ies)|floors?|"
          r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|centur(?:y|ies)|decades?)")

_LENGTH = r"(?:km|kilomet\w*|m|met(?:er|re)s?|ft|feet|foot|mi|miles?|inch\w*|cm|mm|yards?|stor(?:e?y|ies)|floors?)"
_AREA = r"(?:square|sq|km2|km²|mi2|mi²|acres?|hectares?|ha)"
_WEIGHT = r"(?:kg|kilograms?|grams?|g|lbs?|pounds?|tons?|tonnes?)"
_SPEED = (r"(?:mph|kph|knots?|(?:km|kilomet\w*|mi|miles?|m|met(?:er|re)s?|ft|feet)\s*(?:/|per\s+|an?\s+)"
          r"(?:h|hr|hour|s|sec|second)\b)")
_CAPACITY = (r"(?:l|litres?|liters?|ml|millilit(?:re|er)s?|cl|gallons?|gal|quarts?|pints?|cups?|barrels?|"
             r"cubic\s+(?:met(?:re|er)s?|feet|foot|inch(?:es)?|yards?)|m3|m³|[kmgt]b|bytes?|kilobytes?|megabytes?|"
             r"gigabytes?|terabytes?)")
_TIME = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|centur(?:y|ies)|decades?)"


def _measured_text(units: str) -> str:
    """The pattern of a number and one of ``units``, a word between them allowed ("5 business days")."""
    # (a number is matched from its first digit: no second try at each of its digits)
    return rf"(?:(?<![\d,.])\d(?:[\d,.]*\d)?|\b{_NUMBER_WORDS})\s*(?:-\s*)?(?:[a-z]+\s+)?{units}(?![\w/])"


def _measured(units: str) -> re.Pattern[str]:
    """A number and one of ``units`` (``_measured_text``)."""
    return lazy_compile(_measured_text(units), re.I)


# A measure of a degree the question names is written in that degree's units: "How large is
# the basin?" is not answered by "over the last 21,000 years", "How tall?" by "two hours".
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("size", r"big|large|small", rf"(?:{_AREA}|{_LENGTH})"),
    ("length", r"tall|high|deep|far|wide|thick|broad", _LENGTH),
    ("weight", r"heavy", _WEIGHT),
    ("speed", r"fast", _SPEED),
    ("age", r"old", _TIME),
    ("loudness", r"loud|quiet|noisy", r"(?:dB|decibels?)"),
    ("power", r"powerful", r"(?:k?W|watts?|kilowatts?|hp|horsepower)"),
)

# An age is also written without its unit ("over the age of 18", "aged 45", "a 45-year-old",
# "16 or older", "was 30 when", "in his forties", "Anna Berg, 52,"), or by a year of birth or of making ("born in
# 1984"; "was founded in 1987" for "How old is the club?"; not "created the website in 2004").
_AGE_NUMBER = rf"(?:\d+|{_NUMBER_WORDS}(?:[-\s]\w+)?)"
_MADE = r"(?:founded|established|built|completed|opened|created|formed|constructed)"
_WRITTEN_AS = {"age": lazy_compile(rf"{_measured_text(_TIME)}|\bage[sd]?\s+(?:of\s+|between\s+|from\s+|under\s+|"
                                   rf"over\s+)?{_AGE_NUMBER}\b|\b{_AGE_NUMBER}[-\s]years?[-\s]old\b"
                                   rf"|\bborn\b[^.;]{{0,30}}?\b{_YEAR}\b|\b(?:was|were|is|are|been)\s+(?:first\s+)?{_MADE}\s+"
                                   rf"(?:in\s+|around\s+|about\s+)?{_YEAR}\b|\bdat(?:es|ing|ed)\s+(?:back\s+)?(?:to|from)\s+"
                                   rf"(?:the\s+)?{_YEAR}\b|\b\d{{1,3}}\s+or\s+(?:older|over|above)\b|\bwas\s+\d{{1,3}}\s+when\b"
                                   r"|\bin\s+(?:his|her|their)\s+(?:early\s+|late\s+|mid-?)?\w+ties\b"
                                   # a person's age after the name: "Dr Anna Berg, 52, heads the clinic"
                                   r"|(?-i:\b(?!(?:In|At|On|The|From|To|By|Of|For|And)\b)[A-Z][a-z][\w'’-]*\s+[A-Z][a-z]"
                                   r"[\w'’-]*),\s+(?:[1-9]\d?|1[01]\d),(?=\s+[a-z])", re.I)}

# A path of a file or folder: "/etc/tarnfeld/tarnfeld.toml", "~/.config/app", "C:\\Program Files\\App"
# (two parts at least, so that "and/or" and "24/7" are none).
PATH = (r"(?<![\w/])(?:~|\.{1,2})?/[\w.-]+(?:/[\w.-]*[\w-])+/?|(?<![\w/])/(?:etc|usr|var|opt|home|tmp|srv)\b"
        r"|\b[A-Z]:\\[^\s,;`'\"]+")

# How to reach someone: "What's his email?" is answered by an address written with an "@", "What
# is the phone number of the Lyon office?" by a number to dial ("+33 4 555 0400", "555-0199",
# "extension 2100", "dial 112"). Only a question asking for the address or the number itself
# ("How long are email messages kept?" and "What is the monthly phone allowance?" are not).
EMAIL = r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+"  # (read once from its start: no long retries)
# A postal address: a number and a street ("14 Market Square", "Rua da Prata 120",
# "Friedrichstrasse 88") or a postcode ("EM1 2AB", "1100-420 Lisboa", "10117 Berlin").
_STREET = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Square|Sq|Place|Pl|Way|Drive|Dr|Boulevard|Blvd|Close|Court|"
           r"Row|Terrace|Crescent|Quay|Parade|Hill|Gardens|Park|Walk|Yard|Wharf|Plaza|Highway)")
_ADDRESS = (r"(?<![Ss]ince )(?<![Ii]n )(?<![Ff]rom )(?<![Uu]ntil )(?<![Bb]y )(?<!of )(?<!year )"  # not a year
            rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'’.-]*\s+){{0,3}}{_STREET}\b"
            r"|\b(?:Rua|Rue|Via|Calle|Avenida|Avenue|Strada|Piazza|Plaza|Platz|Boulevard|Praça|Largo|ulica|ul\.)\s"
            r"[^,.;:]{1,40}?\s\d{1,5}\b"
            r"|\b[A-Z][a-zäöüß]+(?:strasse|straße|straat|weg|gasse|plein|gatan|gade|vej|laan|platz|allee|ring)\s+\d{1,5}\b"
            r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b(?:\d{5}|\d{4}-\d{3}|\d{4}\s?[A-Z]{2})\s+[A-Z][a-z]+")
_PHONE = (r"\+\d[\d ().-]{6,}\d|\(?\b\d{2,5}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b|\b\d{3}-\d{4}\b|"
          r"\bextension\s+\d+|\bext\.\s*\d+|\b(?:dial|call|ring)\s+\d{3,}\b")
_OWNER = r"(?:the\s+|his\s+|her\s+|its\s+|their\s+|your\s+|our\s+|my\s+)?(?:[\w'’-]+\s+){0,2}?"
_ASKS_EMAIL = (rf"\be-?mail\s+address\b|\b(?:what|which)(?:\s+is|\s+are|'s)?\s+{_OWNER}e-?mail(?:\s+address)?\s*"
               r"(?:[?.!]|$|\s+(?:of|for|to)\b)|\bhow\s+(?:can|do|should)\s+I\s+e-?mail\b")
_ASKS_PHONE = (rf"\b(?:phone|telephone|fax|hotline)\s+number\b|\bnumber\s+(?:should\s+I|do\s+I|to)\s+"
               rf"(?:call|ring|dial)\b|\b(?:what|which)(?:\s+is|'s)?\s+{_OWNER}(?:phone|telephone)(?:\s+number)?\s*"
               r"(?:[?.!]|$|\s+(?:of|for)\b)|\bhow\s+(?:can|do|should)\s+I\s+(?:call|phone|ring)\b")
ASKS_CONTACT = lazy_compile(f"{_ASKS_EMAIL}|{_ASKS_PHONE}", re.I)  # a number-like answer: reader_question

def _unit_kinds() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per unit of the lexicon, a count asked in it and a number written with it: "How many
    watts does the Pro draw?" is answered by "2,100 W", not by "5 liters" (``UNIT_KINDS``)."""
    kinds = []
    for group in UNITS:
        names = "|".join(re.escape(w) for w in group if len(w) > 3)
        written = "|".join(re.escape(w) for w in sorted(group, key=len, reverse=True))
        kinds.append((f"unit {group[0]}", lazy_compile(rf"\bhow\s+many\s+(?:{names})\b", re.I),
                      _measured(rf"(?:{written})")))  # "2,100 W", "a quarter square kilometer"
    return tuple(kinds)


UNIT_KINDS = _unit_kinds()

# How often something happens: "every second Tuesday", "every four years", "twice a year",
# "three times a week", "weekly", "on Mondays"; not a bare number ("4 meetings"), nor "once" for
# "formerly" ("the council, once a guild, …"), "twice as large" or "three times larger".
_PERIOD = (r"(?:day|night|morning|evening|week|weekday|weekend|fortnight|month|quarter|year|season|term|"
           r"semester|hour|minute|spring|summer|autumn|fall|winter|monday|tuesday|wednesday|thursday|friday|"
           r"saturday|sunday)s?")
_HOW_MANY = rf"(?:(?<![\d,.])\d[\d,.]*|{_NUMBER_WORDS}|several|many|a\s+few|a\s+couple\s+of)"
_SPAN_OF = rf"{_HOW_MANY}(?:\s*(?:-|–|to|or)\s*{_HOW_MANY})?"  # "five to seven", "2-3"
_NOT_COMPARED = r"(?!\s+(?:as|more|less|the|that|\w+er)\b)"  # "twice as large", "ten times the size"
FREQUENCY = (rf"\b(?:every|each)\s+(?:(?:other|second|third|fourth|few|couple\s+of|{_SPAN_OF})\s+)?{_PERIOD}\b"
             rf"|\b(?:once|twice|thrice|{_SPAN_OF}\s+times)\s+(?:a|an|per|each|every|in\s+an?)\s+{_PERIOD}\b"
             rf"|\b(?:twice|thrice|{_SPAN_OF}\s+times)\b{_NOT_COMPARED}"
             rf"|\b{_SPAN_OF}\s+[a-z]+\s+(?:a|per)\s+(?:day|week|month|year)\b"
             r"|\bat\s+[\w-]+[-\s](?:day|week|month|year)\s+intervals\b"
             r"|\bon\s+(?:alternate\s+)?(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekdays|"
             r"weekends|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:mornings|afternoons|"
             r"evenings|nights))\b|\balternate\s+(?:days|weeks|months|years|weekends)\b|\b(?:every|each)\s+"
             r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
             r"|\b(?:annual|biennial|yearly|monthly|weekly)\s+(?:event|meeting|festival|fair|race|show|conference)\b"
             r"|\bper\s+(?:annum|day|week|month|year)\b"
             r"|\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually|"
             r"(?:bi|semi)-?(?:weekly|monthly|annually))\b")

# A question asking for a measure or an amount: "How old is he?", "How much does it cost?".
ASKS_MEASURE = lazy_compile(r"\bhow\s+(?:much|long|far|old|large|big|tall|high|deep|wide|fast|heavy|hot|cold|loud|"
                            r"powerful)\b", re.I)


def measure_terms(question: str) -> frozenset[str]:
    """The terms of the measure a question asks ("long" of "How long did it take?"), which are no
    words of its own about the topic."""
    m = ASKS_MEASURE.search(question)
    return frozenset(terms(m.group(0))) if m else frozenset()


# A time of day: "6:30", "9 am", "5.30 p.m.", "19h", "18h30", "noon"; a range of them
# whole ("9:00 to 18:00", "from 9 to 5"), or all day ("24 hours a day"). Not a clock-like ratio or
# duration ("1:50 000", "2:05:30").
_CLOCK = (r"(?:(?<![\d:.,])\d{1,2}:\d{2}(?![:\d]|\s\d{3})(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b\.?|"
          r"\b\d{1,2}h(?:\d{2})?\b|\b(?:noon|midday|midnight)\b|\b\d{1,2}\s+o'clock\b)")
# "from 9 to 5" is a span of hours where no noun follows it ("from 10 to 20 people", "from 2 to 4 weeks")
TIME_OF_DAY = (rf"{_CLOCK}(?:\s*(?:to|until|till|and|-|–|—)\s*{_CLOCK})?|\bfrom\s+\d{{1,2}}\s*(?:to|until|till|-|–)\s*"
               r"\d{1,2}\b(?![.:,]?\d)(?!\s*(?:%|(?!(?:on|every|each|daily|and|or|at|in|from|except|until)\b)(?-i:[a-z])))"
               r"|\b24\s+hours\s+a\s+day\b|\baround\s+the\s+clock\b|\b24/7\b")
# A question asking for the time of day something happens, as a habit: "What time does the
# office open?", "When does the hall close?", "How late is the library open?"; not a period
# ("During what time did …?", "What time period …?"), nor a past or future event ("When did the
# hall open?", "When will the stadium open?"), nor a name ("When does the US Open take place?",
# "When is the open day?").
# The reader looks first for a sentence with a time of day (``compose_open.PINNED_VALUES``), and
# answers with a date where none has one ("When does the exhibition open?": "on 3 May").
_OPEN_OR_CLOSE = r"(?-i:open|opens|close|closes|closed|shut|shuts)"
ASKS_TIME_OF_DAY = lazy_compile(
    r"^\W*(?:and\s+)?(?:(?:at|from|until|till|by)\s+)?what\s+time\s+(?:does|do|will|should|can|must)\b|"
    rf"^\W*(?:and\s+)?(?:when|until\s+when|till\s+when|how\s+late|how\s+early)\s+(?:does|do)\b[^?]*"
    rf"\b{_OPEN_OR_CLOSE}\b|^\W*(?:and\s+)?(?:when|until\s+when|till\s+when|how\s+late|how\s+early)\s+(?:is|are)\b"
    r"[^?]*\b(?-i:open|closed)(?:\s+(?:on|at|in|during|today|tonight|tomorrow)\b[^?]*)?\s*\??\s*$", re.I)
# "Is the indoor hall open on Sundays?": its hours say ("every day from 6:30 to 23:00"), or that it
# is closed then ("The bar is closed on Mondays"); the reader looks first for a sentence that does.
ASKS_OPEN_WHEN = lazy_compile(r"^\W*(?:and\s+)?(?:is|are)\b[^?]*\b(?-i:open)\s+(?:on\s+|at\s+the\s+weekend|"
                              r"at\s+weekends|every\s+)[^?]*\??\s*$", re.I)

# A value before it changed: "What was it before?" of "the allowance rose from EUR 25 to EUR 40",
# "you can have up to 15 reservations instead of 10", "£12, up from £10", "Previously, items
# were charged at 10p a day". The pattern's named
# group is the old value (``values_of`` returns it); a follow-up asks it of the last answer's topic.
_AMOUNT = rf"(?:[$£€¥]\s?|\b(?:{_CODES})\s?)?(?!{_YEAR}\b){_DIGITS}(?:\s?%|p\b)?"  # not a year
_SUM = (rf"(?:(?:[$£€¥]\s?|\b(?:{_CODES})\s?){_DIGITS}|{_DIGITS}(?:\s?%|p\b|\s?(?:euros?|dollars?|pounds?|pence|"
        rf"cents?|{_CODES})\b))")  # a sum or a share ("Previously … 10p a day"), or a number and its noun
_CHANGED = (r"(?:rose|risen|rises|increased|increases|went\s+up|goes\s+up|gone\s+up|fell|fallen|falls|dropped|"
            r"decreased|decreases|went\s+down|was\s+cut|were\s+cut|reduced|raised|lowered|changed|moved|grew|"
            r"climbed|jumped)")
PREVIOUS_VALUE = (rf"\b{_CHANGED}\s+(?:(?!now\b|are\b|is\b)[\w-]+\s+){{0,2}}?from\s+(?P<old>{_AMOUNT})\s+to\s+{_AMOUNT}"
                  rf"|{_AMOUNT}\s+(?:[\w-]+\s+){{0,5}}?instead\s+of\s+(?P<instead>{_AMOUNT})"
                  rf"|\b(?:up|down)\s+from\s+(?P<was>{_AMOUNT})"
                  rf"|\b(?:previously|formerly|until\s+then|before\s+that)\b[^.;]{{0,60}}?"
                  rf"(?P<prior>{_SUM}|(?!{_YEAR}\b){_DIGITS}\s+[a-z]+)")
# "What was it before?", "How much did they use to pay?", "What was the old rate?": a value asked
# as it was ("What did he do before?", "What was the street called before?" ask no value).
_VALUE_NOUNS = (r"(?:rate|price|fee|charge|limit|amount|allowance|figure|number|level|value|cost|salary|pay|"
                r"budget|fine|fare|rent|wage|deposit|discount|minimum|maximum)s?")
_BEFORE = r"(?:before(?:\s+that|\s+then)?|previously|formerly|originally|in\s+the\s+past)"
ASKS_PREVIOUS = lazy_compile(rf"^\W*(?:and\s+)?how\s+(?:much|many)\b[^?]*\b(?:{_BEFORE}|used?\s+to(?:\s+\w+)?)"
                             rf"\s*[?.!]*\s*$|^\W*(?:and\s+)?what\s+(?:was|were)\s+(?:it|that|they|the\s+(?:[\w-]+\s+)?"
                             rf"{_VALUE_NOUNS})\s+{_BEFORE}\s*[?.!]*\s*$|\bthe\s+(?:old|previous|former)\s+{_VALUE_NOUNS}\b",
                             re.I)

VALUE_KINDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    *UNIT_KINDS,
    ("previous", ASKS_PREVIOUS, lazy_compile(PREVIOUS_VALUE, re.I)),
    ("time", ASKS_TIME_OF_DAY, lazy_compile(TIME_OF_DAY, re.I)),
    ("opening", ASKS_OPEN_WHEN, lazy_compile(rf"{TIME_OF_DAY}|\bclosed\b|\bevery\s+day\b|\bdaily\b|"
                                             rf"\b{_WEEKDAYS}s?\s+(?:to|until|-|–)\s+{_WEEKDAYS}\b", re.I)),
    ("frequency", lazy_compile(r"\bhow\s+(?:often|frequently)\b", re.I), lazy_compile(FREQUENCY, re.I)),
    # "How much does it weigh?", "How much weight can the shelf hold?"
    ("weight", lazy_compile(r"\bhow\s+much\b[^?]*\bweigh(?:s|ed)?\b|\bhow\s+much\s+(?:weight|load|payload)\b", re.I),
     _measured(_WEIGHT)),
    ("email", lazy_compile(_ASKS_EMAIL, re.I), lazy_compile(EMAIL)),
    ("phone", lazy_compile(_ASKS_PHONE, re.I), lazy_compile(_PHONE, re.I)),
    # "What is its address?", "the address of the Lyon office"; not an email or web address, nor "to address"
    ("address", lazy_compile(r"\b(?:the|its|their|your|our|his|her|my|postal|street|mailing|office|home)\s+"
                             r"(?:(?!e-?mail|web|ip|url)[\w'’-]+\s+)?address(?:es)?\b", re.I),
     lazy_compile(_ADDRESS)),
    # "How fast do they reply?", "How quickly will I get my refund?": how long it takes ("within two
    # working days"), not a speed
    ("response", lazy_compile(r"\bhow\s+(?:fast|quickly|soon)\b[^?]*\b(?:reply|replies|respond|responds|answer|answers|"
                              r"ship|ships|dispatch|refund|refunds|get\s+back|hear\s+back|(?:get|receive)\s+(?:a\s+|an\s+|"
                              r"my\s+|our\s+|the\s+)?(?:reply|answer|response|refund|money\s+back|order|parcel|package|"
                              r"delivery))\b", re.I), _measured(_TIME)),
    # "Where is the configuration file?": a path on a computer ("/etc/tarnfeld/tarnfeld.toml", "C:\\Logs")
    ("path", lazy_compile(r"^\W*(?:and\s+)?where\s+(?:is|are)\b[^?]*\b(?:files?|config|"
                          r"configuration|logs?|folders?|director(?:y|ies)|settings|cache|binar(?:y|ies)|executables?|"
                          r"scripts?|plugins?|backups?|certificates?|keys?)\b", re.I), lazy_compile(PATH)),
    # "Where is the clinic?": where a place one can visit is, which its address says best
    ("whereabouts", lazy_compile(r"^\W*(?:and\s+)?where\s+(?:is|are)\s+(?:the|your|our|its|their)\b"
                                 r"(?!.*\b(?:held|played|hosted|staged|taking\s+place|buried|born|found)\b)", re.I),
     lazy_compile(_ADDRESS)),
    ("share", lazy_compile(r"\b(?:percent(?:age)?|proportion|fraction)\b", re.I),
     lazy_compile(r"\d\s*%|\bper\s*cent\b|\bpercent\b|\b(?:half|third|quarter|fifth|majority|minority)\b", re.I)),
    # "How many days does it take?": a number of a unit of time, or any number
    ("duration", lazy_compile(rf"\bhow\s+many\s+(?:[\w-]+\s+)?{_TIME}\b", re.I),
     lazy_compile(rf"\b(?!{_YEAR}\b)\d[\d,.]*\b|\b{_NUMBER_WORDS}\b", re.I)),
    # "How many passengers …?": a number that is no span of time ("about ninety minutes") nor an
    # age (``_AGES``: "up to the age of 12", "aged 13 to 17")
    ("count", lazy_compile(r"\bhow\s+many\b", re.I),
     lazy_compile(rf"(?:\b(?!{_YEAR}\b)\d[\d,.]*\b|\b{_NUMBER_WORDS}\b)(?!\s*(?:-\s*)?{_TIME}\b)"
                  r"|\b(?:no|none|once|twice|thrice)\b", re.I)),
    ("money", lazy_compile(r"\bhow\s+much\b[^?]*\b(?:cost|costs|pay|paid|spend|spent|worth|charge[sd]?|earn(?:s|ed)?|"
                           r"raise[sd]?|sell|sold|price[sd]?|fees?|budget|salary|income|revenue|fund(?:s|ed)?)\b|"
                           r"\b(?:cost|price|salary|budget|revenue|income|fee|fees|endowment|worth)\b|"
                           r"\bhow\s+much\s+(?:is|are|was|were|does|do|did|will)\s+(?:the\s+|a\s+|an\s+|my\s+|our\s+|"
                           r"your\s+)?(?:[\w-]+\s+){0,3}(?:allowance|bonus|wage|wages|rent|subsidy|stipend|"
                           r"reimbursement|refund|fare|tuition)\b", re.I),
     lazy_compile(rf"[$£€¥₹]\s*\d|\b(?:{_CODES})\s*\d|{_DIGITS}\s*(?:{_NUMBER_WORDS}\s+)?(?:dollars|euros|pounds|yen|"
                  rf"francs|marks|rubles|roubles|rupees|pence|pennies|cents?|{_CODES})\b|\b\d{{1,2}}p\b|\bfree\b|\bnothing\b",
                  re.I)),
    # "How much water does the tank hold?", "How much can it store?": a volume or an amount of data,
    # of what the question names (its words but ``_CAPACITY_VERBS``: ``capacity_subject``)
    ("capacity", lazy_compile(r"\bhow\s+much\b[^?]*\b(?:hold|holds|store|stores|fit|fits)\b", re.I),
     _measured(_CAPACITY)),
    *((kind, lazy_compile(rf"\bhow\s+(?:{degrees})\b", re.I), _WRITTEN_AS.get(kind) or _measured(units))
      for kind, degrees, units in MEASURES),
    ("measure", lazy_compile(r"\bhow\s+(?:tall|high|deep|long|far|wide|big|large|heavy|fast|hot|cold|old)\b", re.I),
     # "617 ft", "5 business days", "two hours", "25 °C"
     # (a number does not run on into the full stop after it: "from 1569. In 1573" holds no inches)
     lazy_compile(rf"(?:{_DIGITS}|\b{_NUMBER_WORDS})\s*(?:-\s*)?(?:[a-z]+\s+)?{_UNITS}\b|{_DIGITS}\s*°",
                  re.I)),
)


# "How much of the national income ...?": a part of a whole, whatever the whole is ("12%").
_PART_OF = lazy_compile(r"\bhow\s+much\s+of\b", re.I)


_WHEREABOUTS_OF = lazy_compile(r"^\W*(?:and\s+)?where\s+(?:is|are)\s+(?P<subject>.+?)"
                               r"(?:\s+(?:located|stored|kept|saved|written|placed))?\s*\??$", re.I)


_CAPACITY_VERBS = frozenset(terms("hold holds store stores fit fits much"))


def capacity_subject(question_terms: frozenset[str]) -> frozenset[str]:
    """What "How much water does the Lite hold?" asks the capacity of: its own words but the verb
    (a sentence of another thing's litres is no answer: "The drawer below holds 12 litres")."""
    return question_terms - _CAPACITY_VERBS


def whereabouts_subject(question: str) -> frozenset[str]:
    """The terms of what "Where is the clinic?" asks the whereabouts of ("Where are the log files
    stored?": of the log files)."""
    m = _WHEREABOUTS_OF.match(question)
    return frozenset(terms(m.group("subject"))) if m else frozenset()


def value_kind(question: str) -> str:
    """The kind of number ``question`` asks for, or "" for any number."""
    if _PART_OF.search(question):
        return ""
    return next((kind for kind, asked, _ in VALUE_KINDS if asked.search(question)), "")


_VALUE_OF = {kind: value for kind, _, value in VALUE_KINDS}
_MONTHS = MONTH_PATTERN
# The day of a date is no count: "On May 3, 1901", "3 May 1901".
_DAY = lazy_compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b")


# An age, which counts no thing: "up to the age of 12", "aged 13 to 17", "ages 6-12", "a 45-year-old".
_AGES = lazy_compile(r"\b(?:aged?|ages)\s+(?:of\s+|between\s+|from\s+|under\s+|over\s+)?\d{1,3}(?:\s*(?:to|-|–|and)\s*"
                     r"\d{1,3})?\b|\b\d{1,3}(?:\s*(?:to|-|–)\s*\d{1,3})?[-\s]years?[-\s]old\b", re.I)


def holds_value(kind: str, text: str, own_numbers: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` holds a value of ``kind`` other than a number the question itself writes."""
    return any(not any(n and n in value for n in own_numbers) for value in values_of(kind, text))


@lru_cache(maxsize=4096)
def values_of(kind: str, text: str) -> tuple[str, ...]:
    """The values of ``kind`` that ``text`` writes, without thousands separators (the day of a
    date is none): the same for every question that reads the sentence, so kept for a few
    thousand sentences rather than searched for again by each."""
    pattern = _VALUE_OF.get(kind)
    if pattern is None:
        return ()
    if kind == "count":
        text = _AGES.sub(" ", text)
    return tuple(m.group(m.lastgroup or 0).replace(",", "") for m in pattern.finditer(_DAY.sub(" ", text)))

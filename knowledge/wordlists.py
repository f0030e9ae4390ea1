"""Closed word lists shared by the extractors (general English, not about any document)."""

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
EVENT_NOUNS = {"meeting", "meetings", "session", "sessions", "round", "summit", "conference",
               "congress", "dialogue", "forum", "talks", "consultations", "assembly", "edition",
               "visit", "convention", "council", "commission", "games", "olympics", "festival",
               "championship", "election", "treaty", "agreement", "plan", "partnership",
               "university", "platform", "body", "fund", "process", "framework", "cup"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}

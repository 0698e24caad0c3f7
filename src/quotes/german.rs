//! German attribution conventions that do not fit the English word-order checks of
//! [`attribution`](super::attribution): German puts the verb second or last, so a speaker is
//! often named before a quotation with a verb that is not a speech verb, or after it in a
//! sentence that points back at it.
//!
//! Each function gets the sentence next to a quotation that stands as a sentence of its own
//! (nothing of the reporter's before it in its sentence), as text of the paragraph with the
//! quotations' content blanked, and answers where its attribution is (a byte range of the
//! sentence). Every check asks for German function words first, so English copy is untouched.
//!
//! - *back-reference*: the sentence after opens with a demonstrative and holds a speech word
//!   or a word for a saying: `„…“ Das musste die Ministerin einräumen.`, `„…“ Diese dem
//!   Dichter zugeschriebene Weisheit …`, `„…“ Das ist die Kernaussage einer Umfrage …`;
//! - *noun-phrase attribution* in the sentence before: `Nach Ansicht von X …`, `Nach Angaben
//!   der Polizei …`, `Nach einer vom Verband veröffentlichten Erklärung …`;
//! - *speaker before*: the sentence before names a person as its subject with any verb,
//!   by German word order: right after the finite verb (`…, will Huber die Gebühren senken.`,
//!   `Darauf reagierte er gereizt.`) or opening the sentence with a first name and surname
//!   (`Anna Berger, die Leiterin der Schule, verteidigte den Plan.`);
//! - *reported speech* in the sentence before (Konjunktiv I: `Das könne zum Problem werden.`):
//!   the quotation goes on with the words of whoever is reported.
//!
//! And for other places: a colon lead-in that names nobody (`Dazu weiter:`, [`names_nobody`]), a
//! colon after a full stop ([`stray_colon`]), and whether the sentence of a partial quotation
//! names someone at all ([`someone_in`]: German capitalises every noun).

use super::lexicon::words;

/// Words only German sentences have (between spaces): the checks run only on German copy.
const GERMAN: &[&str] = &[
    "der", "das", "und", "nicht", "ist", "sich", "dem", "des", "auch", "wird", "hat", "eine", "einer", "mit", "auf", "für", "zu", "sei",
    "habe", "er", "sie", "von", "im", "den", "die", "um", "nur", "noch",
];

pub fn is_german(s: &str) -> bool {
    words(s).filter(|(_, w)| GERMAN.contains(w)).take(2).count() >= 2
}

/// Demonstratives that open a sentence pointing back at the quotation before it.
const POINTING: &[&str] = &["Das", "Dies", "Diese", "Dieser", "Dieses", "Diesen", "Solche", "So"];

/// Words of a sentence after a quotation that say it was said, written or is a saying (stems:
/// a word starting with one counts, `einräumen`, `eingeräumt`, `zugeschriebene`).
const BACK_STEMS: &[&str] = &[
    "einräum",
    "eingeräum",
    "zugeb",
    "zugegeb",
    "zugeschrieb",
    "sagt",
    "sagen",
    "gesagt",
    "erklär",
    "betont",
    "meint",
    "schrieb",
    "schreib",
    "geschrieb",
    "äußer",
    "geäußer",
    "formulier",
    "zitier",
    "Aussage",
    "Kernaussage",
    "Worte",
    "Satz",
    "Weisheit",
    "Zitat",
    "Botschaft",
    "Fazit",
    "Devise",
    "Credo",
    "Antwort",
    "Einschätzung",
    "Kommentar",
    "Mahnung",
    "Warnung",
    "Appell",
    "Forderung",
    "Losung",
    "Parole",
    "Ansage",
    "Urteil",
    "Bilanz",
];

/// The sentence after a quotation that stands alone points back at it and says it was said:
/// `Das musste die Ministerin einräumen.` Returns the speech word.
pub fn back_reference(next: &str) -> Option<(usize, usize)> {
    let mut ws = words(next);
    let (_, first) = ws.next()?;
    if !POINTING.contains(&first) || !is_german(next) && !next.contains(char::is_lowercase) {
        return None;
    }
    // In its first clause (the verb comes last in German: `Das musste … einräumen`), within
    // twenty words: the sentence is about the quotation, not a new topic.
    let clause = &next[..next.find([',', ';']).unwrap_or(next.len())];
    words(clause).take(20).skip(1).find(|(_, w)| BACK_STEMS.iter().any(|s| w.starts_with(s))).map(|(i, w)| (i, i + w.len()))
}

/// `„…?“, wollte die Lehrerin wissen.`: `wissen wollen` split around its subject, right after
/// the quotation (a comma, a form of `wollen`, the sentence ending with `wissen`). Returns the
/// form of `wollen`.
pub fn wanted_to_know(after: &str) -> Option<(usize, usize)> {
    let lead = after.len() - after.trim_start_matches([' ', ',']).len();
    let (i, w) = words(after).next()?;
    let ends = words(after).last().is_some_and(|(_, w)| w == "wissen");
    (i == lead && after[..lead].contains(',') && ["wollte", "wollten", "will", "wollen", "möchte", "möchten"].contains(&w) && ends)
        .then_some((i, i + w.len()))
}

/// Phrases that name a source with a noun, not a verb (lower case): the sentence before a
/// quotation that stands alone attributes it when it holds one and names someone.
const NOUN_PHRASES: &[&str] = &[
    "nach ansicht",
    "nach auffassung",
    "nach meinung",
    "nach angaben",
    "nach den worten",
    "nach worten",
    "nach einschätzung",
    "nach darstellung",
    "nach aussage",
    "nach aussagen",
    "aus sicht",
    "in den augen",
    "veröffentlichten erklärung",
    "veröffentlichten mitteilung",
    "veröffentlichten stellungnahme",
];

/// `Nach Ansicht von Ministerin Huber …`, `Nach einer vom Verband veröffentlichten Erklärung
/// …`: a noun phrase that names the source. Returns the phrase.
pub fn noun_phrase(prev: &str) -> Option<(usize, usize)> {
    if !is_german(prev) {
        return None;
    }
    let lower = prev.to_lowercase();
    let (at, p) = NOUN_PHRASES.iter().filter_map(|p| lower.find(p).map(|i| (i, p))).min()?;
    // Lower-casing keeps the byte offsets of German text (no letter changes its length).
    (lower.len() == prev.len()).then_some((at, at + p.len()))
}

/// Finite verbs of the subjunctive of reported speech (Konjunktiv I) that no indicative
/// sentence of news copy has (`sei`, `habe`, `könne`; `hat`, `ist`, `kann` are indicative).
const REPORTED: &[&str] = &[
    "sei", "seien", "habe", "könne", "müsse", "solle", "wolle", "dürfe", "werde", "gebe", "liege", "stehe", "gehe", "komme", "bleibe",
    "brauche", "wisse", "möge",
];

/// The sentence before a quotation that stands alone goes on with someone's reported speech
/// (`Das könne zum Problem werden.`): whoever is reported was named before it, and the
/// quotation continues their words. `prev` is a sentence of `paragraph`. Returns the verb.
pub fn reported_speech(paragraph: &str, prev: &str) -> Option<(usize, usize)> {
    let (at, w) = words(prev).find(|(_, w)| REPORTED.contains(w))?;
    is_german(paragraph).then_some((at, at + w.len()))
}

/// Words that cannot be a person's name right after a finite verb or open a sentence as one:
/// articles, pronouns, prepositions, conjunctions and adverbs that German capitalises at a
/// sentence's start.
const NOT_A_NAME: &[&str] = &[
    "Der",
    "Die",
    "Das",
    "Den",
    "Dem",
    "Des",
    "Ein",
    "Eine",
    "Einer",
    "Einem",
    "Einen",
    "Eines",
    "Er",
    "Sie",
    "Es",
    "Wir",
    "Ich",
    "Ihr",
    "Man",
    "In",
    "Im",
    "Am",
    "An",
    "Auf",
    "Aus",
    "Bei",
    "Beim",
    "Mit",
    "Nach",
    "Von",
    "Vom",
    "Vor",
    "Zu",
    "Zum",
    "Zur",
    "Für",
    "Über",
    "Unter",
    "Um",
    "Und",
    "Oder",
    "Aber",
    "Doch",
    "Denn",
    "So",
    "Auch",
    "Noch",
    "Nun",
    "Dann",
    "Da",
    "Dort",
    "Hier",
    "Heute",
    "Gestern",
    "Morgen",
    "Als",
    "Wenn",
    "Weil",
    "Dass",
    "Ob",
    "Wie",
    "Was",
    "Wer",
    "Wo",
    "Dieser",
    "Diese",
    "Dieses",
    "Jeder",
    "Jede",
    "Alle",
    "Kein",
    "Keine",
    "Sein",
    "Seine",
    "Ihre",
    "Bis",
    "Seit",
    "Trotz",
    "Wegen",
    "Damit",
    "Darauf",
    "Dabei",
    "Dazu",
    "Deshalb",
    "Demnach",
    "Dennoch",
    "Trotzdem",
    "Allerdings",
    "Jedoch",
    "Vielmehr",
    "Inzwischen",
    "Später",
    "Zuvor",
    "Danach",
    "Bisher",
    "Insgesamt",
    "Daher",
    "Zudem",
    "Außerdem",
    "Jetzt",
    "Bereits",
    "Schon",
    "Nur",
    "Laut",
    "Gegen",
    "Ohne",
    "Durch",
    "Zwei",
    "Drei",
    "Vier",
    "Fünf",
    "Sechs",
    "Sieben",
    "Acht",
    "Neun",
    "Zehn",
    "Elf",
    "Zwölf",
    "Hundert",
    "Tausend",
];

/// Lower-case words after which a capitalised word is a noun of a phrase, not a subject:
/// articles, prepositions, conjunctions (a verb before a subject is none of these).
const BEFORE_A_NOUN: &[&str] = &[
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einer",
    "einem",
    "einen",
    "eines",
    "im",
    "am",
    "an",
    "auf",
    "aus",
    "bei",
    "beim",
    "mit",
    "nach",
    "von",
    "vom",
    "vor",
    "zu",
    "zum",
    "zur",
    "für",
    "über",
    "unter",
    "um",
    "und",
    "oder",
    "in",
    "als",
    "wie",
    "gegen",
    "ohne",
    "durch",
    "bis",
    "seit",
    "trotz",
    "wegen",
    "kein",
    "keine",
    "keinen",
    "sein",
    "seine",
    "seinen",
    "seiner",
    "ihr",
    "ihre",
    "ihren",
    "ihrer",
    "unser",
    "unsere",
    "dieser",
    "diese",
    "dieses",
    "diesen",
    "jeder",
    "jede",
    "alle",
    "beide",
    "beiden",
    "zwei",
    "drei",
    "viele",
    "einige",
    "mehrere",
    "neue",
    "neuen",
    "neuer",
    "neues",
    "sowie",
    "dass",
    "ob",
    "laut",
    "zwischen",
    "gegenüber",
    "neben",
    "hinter",
    "innerhalb",
    "außerhalb",
    "statt",
    "pro",
    "je",
    "aller",
    "allen",
    "andere",
    "anderen",
    "weitere",
    "weiteren",
];

fn capitalised(w: &str) -> bool {
    w.starts_with(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase)
}

/// The sentence before a quotation that stands alone names a person as its subject:
/// `… will Huber die Gebühren senken.` (a name right after a lower-case finite verb),
/// `Darauf reagierte er gereizt.` (`er` right after one), `Anna Berger, die Leiterin der
/// Schule, verteidigte den Plan.` (two names opening the sentence, then a comma or a lower-case
/// verb). Returns the speaker.
pub fn speaker_before(prev: &str) -> Option<(usize, usize)> {
    if !is_german(prev) {
        return None;
    }
    let ws: Vec<(usize, &str)> = words(prev).collect();
    // Opening with a first name and surname: `Anna Berger, …` or `Anna Berger verteidigte`.
    if let [(a, w0), (b, w1), rest @ ..] = ws.as_slice() {
        let joined = prev[a + w0.len()..*b].trim().is_empty();
        let then = rest.first().map(|&(c, w)| (prev[b + w1.len()..c].trim(), w));
        let verb_or_comma = then.is_some_and(|(gap, w)| gap == "," || gap.is_empty() && verb_like(w));
        if joined && capitalised(w0) && capitalised(w1) && !NOT_A_NAME.contains(w0) && verb_or_comma {
            return Some((*a, b + w1.len()));
        }
    }
    // Verb second, subject right after it: a lower-case word (not an article or preposition)
    // then `er` or a name followed by a lower-case word or the sentence's end.
    for k in 1..ws.len() {
        let (_, verb) = ws[k - 1];
        let (at, w) = ws[k];
        if !verb_like(verb) || BEFORE_A_NOUN.contains(&verb) || !prev[ws[k - 1].0 + verb.len()..at].trim().is_empty() {
            continue;
        }
        if w == "er" {
            return Some((at, at + 2));
        }
        // The sentence goes on with the verb's object or an adverb: `will Huber die …`.
        let object = ws.get(k + 1).is_some_and(|&(n, w2)| prev[at + w.len()..n].trim().is_empty() && OBJECT_OPENERS.contains(&w2));
        if capitalised(w) && !NOT_A_NAME.contains(&w) && object && !is_noun_like(w) {
            return Some((at, at + w.len()));
        }
    }
    None
}

/// A lower-case word that can be a finite verb in second place: a modal, a form ending in
/// `-t` or `-te` (`will`, `reagierte`, `verteidigt`), or the subjunctive of reported speech
/// (`sei er zu dem Schluss gekommen`, `habe sie …`), not an adjective before a noun (`großen`,
/// `rund`).
fn verb_like(w: &str) -> bool {
    const MODALS: &[&str] = &[
        "will", "soll", "muss", "kann", "darf", "mag", "wollen", "sollen", "müssen", "können", "wollten", "sollten", "sei", "habe",
        "werde", "könne", "müsse", "solle", "wolle", "dürfe",
    ];
    w.starts_with(char::is_lowercase) && (w.ends_with('t') || w.ends_with("te") || MODALS.contains(&w))
}

/// Words that open a verb's object or an adverbial after the subject (`will Huber die
/// Gebühren senken`, `sieht Huber keinen Grund`).
const OBJECT_OPENERS: &[&str] = &[
    "die",
    "den",
    "das",
    "dem",
    "der",
    "ein",
    "eine",
    "einen",
    "keine",
    "keinen",
    "sich",
    "nicht",
    "auch",
    "noch",
    "nun",
    "jetzt",
    "bereits",
    "schon",
    "dagegen",
    "jedoch",
    "aber",
    "deshalb",
    "daher",
    "zudem",
    "vor",
    "in",
    "im",
    "am",
    "auf",
    "mit",
    "für",
    "seine",
    "ihre",
    "seinen",
    "ihren",
    "es",
    "dies",
    "diese",
    "diesen",
    "ganz",
    "vor",
    "zunächst",
    "gestern",
    "heute",
    "am",
];

/// A capitalised word that is more likely a common noun than a surname: German noun endings.
fn is_noun_like(w: &str) -> bool {
    const ENDINGS: &[&str] =
        &["ung", "heit", "keit", "schaft", "tion", "tät", "nis", "tum", "ismus", "chen", "lein", "ment", "ik", "ie", "ei", "ern", "ungen"];
    ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Nouns for a saying that a quotation can stand in apposition to (`veröffentlichte die
/// Antwort, „…“`, `in der Behauptung „…“`, `seine Worte „…“`); compounds count by their last
/// part (`Pressemitteilung`, `Regierungserklärung`). Not titles (`Motto`, `Titel`): those
/// name a work, not what someone said.
const SAYINGS: &[&str] = &[
    "antwort",
    "behauptung",
    "aussage",
    "äußerung",
    "erklärung",
    "stellungnahme",
    "mitteilung",
    "botschaft",
    "worte",
    "worten",
    "satz",
    "zitat",
    "parole",
    "appell",
    "aufruf",
    "warnung",
    "mahnung",
    "forderung",
    "frage",
    "vorwurf",
    "feststellung",
    "ankündigung",
    "zusage",
    "bitte",
    "begründung",
    "kommentar",
];

/// Determiners that make a noun for a saying point at one already told (`die Antwort`,
/// `seine Worte`, `diese Aussage`), not at one yet to come (`eine Frage`).
const DEFINITE: &[&str] = &[
    "die", "der", "den", "dem", "des", "diese", "dieser", "diesen", "dieses", "seine", "seiner", "seinen", "seinem", "ihre", "ihrer",
    "ihren", "ihrem", "jene", "jener", "jenen",
];

/// A quotation in apposition to a noun for a saying that the sentence presents as told:
/// `Das Team veröffentlichte die Antwort, „…“, im Internet.`, `Der Vorwurf ist in der
/// Behauptung zu finden „…“`. The text before the quotation in its sentence ends with a
/// definite determiner, the noun, at most two lower-case words (`zu finden`, `lautete`) and
/// perhaps a comma. Returns the noun.
pub fn saying_before(paragraph: &str, before: &str) -> Option<(usize, usize)> {
    let trimmed = before.trim_end();
    let trimmed = trimmed.strip_suffix(',').unwrap_or(trimmed).trim_end();
    let ws: Vec<(usize, &str)> = words(trimmed).collect();
    if ws.last().is_none_or(|&(at, w)| at + w.len() != trimmed.len()) {
        return None;
    }
    let tail = ws.iter().rev().take_while(|(_, w)| w.starts_with(char::is_lowercase)).count();
    let k = ws.len().checked_sub(tail + 1).filter(|_| tail <= 2)?;
    let (at, noun) = ws[k];
    let det = k.checked_sub(1).map(|d| ws[d].1)?;
    if !noun.starts_with(char::is_uppercase) || !DEFINITE.contains(&det) {
        return None;
    }
    let lower = noun.to_lowercase();
    // The paragraph's language last: asked of every quotation, it would read the paragraph
    // again for each one.
    (SAYINGS.iter().any(|s| lower.ends_with(s)) && is_german(paragraph)).then_some((at, at + noun.len()))
}

/// A colon right after a sentence's full stop (`… gibt es Verständnis.: „…“`, `…, :`) leads
/// in nothing: the words that stood between were cut, as when an editor deletes a speaker and
/// the verb. `lead` is the quotation's sentence before it, ending with the colon, in
/// `paragraph`. Returns the sentence that ends at the stop, which is then only the sentence
/// before the quotation. German copy only; an abbreviation's stop (`u.a.:`, `bzw.:`) is not a
/// sentence's.
pub fn stray_colon<'a>(paragraph: &str, lead: &'a str) -> Option<&'a str> {
    let body = lead.trim_end().strip_suffix(':')?.trim_end();
    let body = body.strip_suffix(',').unwrap_or(body).trim_end();
    let sentence = body.strip_suffix('.')?;
    let last = words(sentence).last().filter(|&(i, w)| i + w.len() == sentence.len()).map(|(_, w)| w);
    const SHORT_FORMS: &[&str] = &["bzgl", "evtl", "insb", "inkl", "Prof", "Str", "usw", "bzw", "etc", "ggf", "vgl", "sog", "Abs"];
    // A word of four letters or more, or an acronym (`aus den USA.:`), ends a sentence there.
    let acronym = |w: &str| w.chars().count() >= 2 && w.chars().all(char::is_uppercase);
    let stop = last.is_some_and(|w| acronym(w) || w.chars().count() >= 4 && w.chars().any(char::is_lowercase) && !SHORT_FORMS.contains(&w));
    (stop && is_german(paragraph)).then_some(sentence)
}

/// Adverbs that open a German colon lead-in naming nobody (`Dazu weiter:`, `Auch dort:`,
/// `Denn:`; not `Wörtlich:`, which points back at a speaker). A lead-in may also open with a
/// preposition ([`OBLIQUE`]: `Zum Rücktritt:`, `Als Antwort auf den Brief:`).
const NOBODY_OPENERS: &[&str] = &[
    "Dazu",
    "Hierzu",
    "Auch",
    "So",
    "Denn",
    "Weiter",
    "Dort",
    "Außerdem",
    "Zudem",
    "Und",
    "Aber",
    "Doch",
    "Noch",
    "Darauf",
    "Dabei",
    "Ebenso",
    "Ebenfalls",
    "Passend",
];

/// Prepositions and oblique articles: a capitalised word right after one is an object, not a
/// speaker (`auf den Brief`, `zu den Gefahren des Eises`, `im Mai`).
const OBLIQUE: &[&str] = &[
    "zu", "zum", "zur", "auf", "in", "im", "am", "an", "mit", "nach", "über", "unter", "vor", "bei", "beim", "für", "gegen", "von", "vom",
    "aus", "als", "seit", "um", "ohne", "durch", "den", "dem", "des", "einem", "einen", "eines",
];

/// German pronouns that name a speaker (`Dabei griff sie den Präsidenten an:`).
const PRONOUNS: &[&str] = &["er", "sie", "es", "ich", "wir", "ihr", "man", "Er", "Sie", "Es", "Ich", "Wir", "Ihr", "Man"];

/// A colon lead-in of German copy that names nobody: an adverb or a prepositional phrase
/// (`Dazu weiter:`, `Auch dort:`, `So noch im Mai 2005:`, `Als Antwort auf den Brief:`,
/// `Passend zu den Gefahren des Eises:`), no pronoun and no word that could be its subject
/// (`Dazu Merkel:`, `Dazu der Minister:` name someone). `body` is the lead-in without its
/// colon, in `paragraph`; the caller has found no attribution word in it.
pub fn names_nobody(paragraph: &str, body: &str) -> bool {
    let ws: Vec<(usize, &str)> = words(body).collect();
    let Some(&(_, first)) = ws.first() else { return false };
    let opener = NOBODY_OPENERS.contains(&first) || OBLIQUE.contains(&first.to_lowercase().as_str());
    if !opener || ws.iter().any(|(_, w)| PRONOUNS.contains(w)) {
        return false;
    }
    // Every capitalised word after the first is an object: right after a preposition or an
    // oblique article, or after `der`/`die`/`das` that follows one (`zu der Frage`).
    let object = |k: usize| {
        let prev = ws[k - 1].1.to_lowercase();
        OBLIQUE.contains(&prev.as_str())
            || ["der", "die", "das"].contains(&prev.as_str()) && k >= 2 && OBLIQUE.contains(&ws[k - 2].1.to_lowercase().as_str())
    };
    let someone = (1..ws.len()).any(|k| ws[k].1.starts_with(char::is_uppercase) && !object(k));
    !someone && is_german(paragraph)
}

/// How most German nouns for a person end (`Sprecher`, `Ministerin`, `Präsident`, `Direktor`,
/// `Journalist`, `Diplomat`, `Ingenieur`, `Expertinnen`).
const PERSON_ENDINGS: &[&str] = &["er", "in", "ent", "or", "ist", "at", "eur", "innen"];

/// The sentence before a quotation names its speaker as its subject: by [`speaker_before`],
/// opening with `Er` and a verb (`Er war gerade auf dem Feld unterwegs.`), or with an article,
/// a noun for a person ([`PERSON_ENDINGS`]) and a verb (`Die Bürgermeisterin verteidigte den
/// Plan.`).
pub fn subject_before(prev: &str) -> Option<(usize, usize)> {
    let ws: Vec<(usize, &str)> = words(prev).take(3).collect();
    match ws.as_slice() {
        [(at, "Er"), (_, verb), ..] if verb.starts_with(char::is_lowercase) => return Some((*at, at + 2)),
        [(_, "Der" | "Die"), (at, noun), (_, verb), ..]
            if capitalised(noun) && PERSON_ENDINGS.iter().any(|e| noun.ends_with(e)) && verb_like(verb) =>
        {
            return Some((*at, at + noun.len()))
        }
        _ => {}
    }
    speaker_before(prev)
}

/// Institutions and documents that speak in news copy, by the last part of a compound
/// (`Bundesregierung`, `Landgericht`, `Abschlussbericht`, `Urteil`).
const SOURCE_PARTS: &[&str] = &[
    "regierung",
    "gericht",
    "polizei",
    "ministerium",
    "partei",
    "verband",
    "behörde",
    "kommission",
    "rat",
    "amt",
    "fraktion",
    "staatsanwaltschaft",
    "opposition",
    "gewerkschaft",
    "agentur",
    "zeitung",
    "konzern",
    "unternehmen",
    "verein",
    "organisation",
    "urteil",
    "bericht",
    "studie",
    "erklärung",
    "mitteilung",
    "gutachten",
    "schreiben",
    "brief",
    "beschluss",
    "entscheidung",
    "begründung",
    "umfrage",
    "analyse",
    "stellungnahme",
];

/// A German sentence with a partial quotation names someone who may have said it: a pronoun
/// or possessive, a verb of reported speech (Konjunktiv I or II: the words are someone's), a
/// subject by word order, a noun for a person (`Sprecher`, `Ministerin`) or for an institution
/// or document that speaks (`Bundesregierung`, `Urteil`, [`SOURCE_PARTS`]), or a capitalised word
/// that no article, preposition or inflected adjective introduces (a name: `Shultz verblieb`).
/// German capitalises every noun, so the English check (any capital) says yes to every
/// sentence. Returns the word.
pub fn someone_in(sentence: &str) -> Option<(usize, usize)> {
    const PERSONS: &[&str] =
        &["er", "sie", "ich", "wir", "man", "sein", "seine", "seinen", "seiner", "seinem", "ihr", "ihre", "ihren", "ihrer", "ihrem"];
    const SUBJUNCTIVE_II: &[&str] =
        &["könnte", "könnten", "würde", "würden", "hätte", "hätten", "wäre", "wären", "müsste", "müssten", "sollte", "sollten", "dürfte"];
    // A word that introduces a noun: an article, a preposition, an inflected adjective.
    let introduces = |w: &str| {
        BEFORE_A_NOUN.contains(&w.to_lowercase().as_str())
            || w.starts_with(char::is_lowercase) && ["e", "en", "er", "es", "em"].iter().any(|e| w.ends_with(e))
    };
    let ws: Vec<(usize, &str)> = words(sentence).collect();
    for (k, &(at, w)) in ws.iter().enumerate() {
        let lw = w.to_lowercase();
        let person_noun = capitalised(w) && PERSON_ENDINGS.iter().any(|e| w.ends_with(e)) && !is_noun_like(w);
        let bare = capitalised(w) && !NOT_A_NAME.contains(&w) && !is_noun_like(w) && !k.checked_sub(1).is_some_and(|p| introduces(ws[p].1));
        let source = capitalised(w) && SOURCE_PARTS.iter().any(|p| lw.ends_with(p));
        if PERSONS.contains(&lw.as_str()) || REPORTED.contains(&w) || SUBJUNCTIVE_II.contains(&w) || person_noun || bare || source {
            return Some((at, at + w.len()));
        }
    }
    subject_before(sentence)
}

/// Attribution words that name the source of their own clause's statement, not of a quotation
/// before it: `Der Abschuss soll laut Schnappauf aus Sicherheitsgründen erfolgen.` after a
/// quotation is a new statement of Schnappauf's, not a tag of the quotation.
pub fn sources_its_own_clause(cue: &str) -> bool {
    const OWN: &[&str] = &["laut", "zufolge", "nach angaben", "nach ansicht", "nach auffassung", "nach den worten", "nach worten"];
    OWN.contains(&cue.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_reference_needs_a_demonstrative_and_a_speech_word() {
        assert!(back_reference("Das musste die Ministerin am Dienstag einräumen.").is_some());
        assert!(back_reference("Diese dem Dichter zugeschriebene Weisheit gilt noch heute.").is_some());
        assert!(back_reference("Das ist die Kernaussage einer Umfrage unter Lehrern.").is_some());
        assert!(back_reference("Die Ministerin musste am Dienstag einräumen, dass es Fehler gab.").is_none());
        assert!(back_reference("Das Wetter war am Dienstag schlecht.").is_none());
        assert!(back_reference("That is what the study found.").is_none());
    }

    #[test]
    fn wanted_to_know_split_around_its_subject() {
        assert!(wanted_to_know(", wollte die Lehrerin am Ende wissen.").is_some());
        assert!(wanted_to_know(", wollen die Eltern seit Wochen wissen.").is_some());
        assert!(wanted_to_know(", wollte aber niemand hören.").is_none());
        assert!(wanted_to_know(" wollen wir wissen.").is_none());
    }

    #[test]
    fn noun_phrase_names_the_source() {
        assert!(noun_phrase("Nach Ansicht von Ministerin Huber ist das Gesetz noch nicht verloren.").is_some());
        assert!(noun_phrase("Nach einer vom Verband veröffentlichten Erklärung ist der Trainer entlassen.").is_some());
        assert!(noun_phrase("Nach dem Spiel ist der Trainer entlassen worden.").is_none());
    }

    #[test]
    fn speaker_before_by_german_word_order() {
        let s = "Um Zeit zu gewinnen, will Huber die Stundentafel kürzen.";
        assert_eq!(speaker_before(s).map(|(a, b)| &s[a..b]), Some("Huber"));
        let s = "Auf die Frage nach dem Geld reagierte er gereizt.";
        assert_eq!(speaker_before(s).map(|(a, b)| &s[a..b]), Some("er"));
        let s = "Nach langen Gesprächen sei er zu dem Schluss gekommen, dass es keinen anderen Weg gebe.";
        assert_eq!(speaker_before(s).map(|(a, b)| &s[a..b]), Some("er"));
        let s = "Anna Berger, die Leiterin der Schule, verteidigte den Plan.";
        assert_eq!(speaker_before(s).map(|(a, b)| &s[a..b]), Some("Anna Berger"));
        // Nobody named: nouns after articles and prepositions, a noun with a noun ending.
        assert!(speaker_before("Im Sommer wird die Brücke für den Verkehr gesperrt.").is_none());
        assert!(speaker_before("Seit Jahren steigt die Zahl der Besucher im Museum.").is_none());
        assert!(speaker_before("Deshalb fordert Bildung mehr Geld vom Land.").is_none());
        assert!(speaker_before("Then Smith left the room.").is_none());
        assert!(speaker_before("Das Auto hat einen Preis von rund 250.000 Euro.").is_none());
        assert!(speaker_before("Fünf Jahre nach dem Start gibt es über 300 Schulen im Land.").is_none());
        assert!(speaker_before("Sie lernen an Schulen mit konservativen Werten und Regeln.").is_none());
    }

    #[test]
    fn saying_before_needs_a_definite_noun_for_a_saying() {
        let p = "Der Minister wurde gefragt, und die Partei hat die Antwort ins Netz gestellt.";
        let s = "Die Partei stellte die Antwort, ";
        assert_eq!(saying_before(p, s).map(|(a, b)| &s[a..b]), Some("Antwort"));
        let s = "Er wiederholte noch einmal seine Worte ";
        assert_eq!(saying_before(p, s).map(|(a, b)| &s[a..b]), Some("Worte"));
        let s = "Die Partei stellte die Pressemitteilung ";
        assert_eq!(saying_before(p, s).map(|(a, b)| &s[a..b]), Some("Pressemitteilung"));
        // Indefinite, not a saying, or not at the end: no.
        assert!(saying_before(p, "Am Ende stand eine Frage, ").is_none());
        assert!(saying_before(p, "Die Partei stellte die Tabelle ").is_none());
        let s = "Der Vorwurf ist in der Behauptung zu finden ";
        assert_eq!(saying_before(p, s).map(|(a, b)| &s[a..b]), Some("Behauptung"));
        assert!(saying_before(p, "Die Antwort kam am Ende sehr spät und lautete ").is_none());
        assert!(saying_before("The party posted the answer online.", "The party posted the answer, ").is_none());
    }

    #[test]
    fn stray_colon_after_a_sentences_stop() {
        let p = "Der Plan stieß im Rat auf Widerstand, und die Kritik kam von allen.";
        assert_eq!(stray_colon(p, "Kritik kam von mehreren Fraktionen.:"), Some("Kritik kam von mehreren Fraktionen"));
        assert_eq!(stray_colon(p, "Kritik kam von mehreren Fraktionen., :"), Some("Kritik kam von mehreren Fraktionen"));
        assert_eq!(stray_colon(p, "Die Sprecherin sagte:"), None);
        assert_eq!(stray_colon(p, "Die Sprecherin sagte u.a.:"), None);
        assert_eq!(stray_colon(p, "Die Sprecherin sagte bzw.:"), None);
        assert_eq!(stray_colon("The plan met resistance in the council.", "Criticism came from all sides.:"), None);
    }

    #[test]
    fn subject_before_takes_an_opening_er() {
        let s = "Er war gerade auf dem Feld unterwegs.";
        assert_eq!(subject_before(s).map(|(a, b)| &s[a..b]), Some("Er"));
        assert!(subject_before("Es war gerade niemand auf dem Feld unterwegs.").is_none());
        assert!(subject_before("Sie lernen an Schulen mit konservativen Werten und Regeln.").is_none());
    }

    #[test]
    fn laut_and_zufolge_source_their_own_clause() {
        assert!(sources_its_own_clause("laut"));
        assert!(sources_its_own_clause("zufolge"));
        assert!(sources_its_own_clause("nach Angaben"));
        assert!(!sources_its_own_clause("sagte"));
    }
}

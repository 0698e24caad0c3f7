//! The attribution lexicon: speech verbs and attribution phrases per language, read from
//! `lexicon.toml` (data compiled in) plus a project's own verbs.

use crate::text::{first_word, is_alnum};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const LEXICON_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon.json"));
/// A word or phrase of the lexicon: borrowed from the compiled-in data when it needs no change
/// (most do), owned when lower-cased, capitalised or a project's own: copying each of its
/// 1,400 entries was most of building the lexicon.
type Entry = Cow<'static, str>;

/// A language of `lexicon.toml`. The strings are borrowed from the JSON (the build script
/// makes sure none needs unescaping).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LangEntry<'a> {
    #[serde(borrow)]
    verbs: Vec<&'a str>,
    #[serde(default, borrow)]
    strong: Vec<&'a str>,
    #[serde(default, borrow)]
    phrases: Vec<&'a str>,
    #[serde(default, borrow)]
    needs_speaker: Vec<&'a str>,
    #[serde(default, borrow)]
    speaker_nouns: Vec<&'a str>,
    #[serde(default, borrow)]
    sources: Vec<&'a str>,
    /// German separable verbs, `finite particle` (`teilte mit`): the finite verb attributes
    /// when its particle closes the same clause (`Die Polizei teilte am Montag mit`).
    #[serde(default, borrow)]
    separable: Vec<&'a str>,
}

/// The entries of one lexicon, in lower case, before they are made tables.
#[derive(Default)]
struct Lists {
    /// Every word and phrase.
    all: Vec<Entry>,
    /// The strong ones, which attribute even from a neighbouring sentence.
    strong: Vec<Entry>,
    /// Strong ones that are everyday phrases too (`went on`): strong only after a speaker.
    needs_speaker: Vec<Entry>,
    /// Nouns that stand for a speaker (`the mayor`).
    speaker_nouns: Vec<Entry>,
    /// Documents and messages (`statement`, `tweet`).
    sources: Vec<Entry>,
    /// Separable verbs: (finite verb, particle), lower case.
    separable: Vec<(Entry, Entry)>,
}

impl Lists {
    /// The lists of `langs`, plus a project's `extra` verbs (which count as strong).
    fn new<'l>(langs: impl IntoIterator<Item = &'l LangEntry<'static>>, extra: &[String]) -> Lists {
        let mut l = Lists::default();
        for b in langs {
            for list in [&b.verbs, &b.phrases, &b.strong, &b.sources] {
                l.all.extend(list.iter().map(|v| lower_keeping_nouns(v.trim())));
            }
            l.strong.extend(b.strong.iter().chain(&b.needs_speaker).map(|w| lower_keeping_nouns(w)));
            l.needs_speaker.extend(b.needs_speaker.iter().map(|w| lower(w)));
            l.speaker_nouns.extend(b.speaker_nouns.iter().map(|w| lower(w)));
            l.sources.extend(b.sources.iter().map(|w| lower(w)));
            l.separable.extend(b.separable.iter().filter_map(|p| p.split_once(' ')).map(|(v, p)| (lower(v), lower(p))));
        }
        for v in extra {
            let v: Entry = Cow::Owned(v.trim().to_lowercase());
            l.all.push(v.clone());
            l.strong.push(v);
        }
        l
    }
}

/// `s` in lower case, but for a phrase with a capital after its first word, the capitals of
/// German nouns (`nach Angaben`, `mit den Worten`: the matcher is case-sensitive), whose first
/// letter only is made lower case ([`table`] adds the form opening a sentence).
fn lower_keeping_nouns(s: &'static str) -> Entry {
    let noun = s.split(' ').skip(1).any(|w| w.starts_with(char::is_uppercase));
    if !noun {
        return lower(s);
    }
    let mut c = s.chars();
    Cow::Owned(c.next().map(|f| f.to_lowercase().collect::<String>() + c.as_str()).unwrap_or_default())
}

/// `s` in lower case, borrowed when it is already.
fn lower(s: &'static str) -> Entry {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    let l = s.to_lowercase();
    if l == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(l)
    }
}

/// A table's entries: `pats` with their capitalised forms (see [`arrange`]).
///
/// Case-sensitive on purpose (`States` is not `states`): phrases, non-ASCII words and verbs in
/// the past tense also get a capitalised form, for the start of a sentence (`According to`,
/// `Said Dorothy Poynter, …`, `По словам`).
fn table(mut pats: Vec<Entry>) -> Vec<Entry> {
    let caps: Vec<Entry> = pats
        .iter()
        .filter(|p| {
            p.contains(' ')
                || !p.is_ascii()
                || p.ends_with("ed")
                || ["said", "says", "told", "wrote", "adding", "according"].contains(&p.as_ref())
        })
        .map(|p| {
            let mut c = p.chars();
            Cow::Owned(c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default())
        })
        .collect();
    pats.extend(caps);
    arrange(pats)
}

/// `pats` without repeats or empty entries, grouped by first word, longest first and then in
/// byte order within a group.
fn arrange(pats: Vec<Entry>) -> Vec<Entry> {
    // Each entry with the length of its first word, found once (not at every comparison).
    let mut keyed: Vec<(usize, Entry)> = pats.into_iter().filter(|p| !p.is_empty()).map(|p| (first_word(&p).len(), p)).collect();
    keyed.sort_unstable_by(|(a, p), (b, q)| p[..*a].cmp(&q[..*b]).then(q.len().cmp(&p.len())).then_with(|| p.cmp(q)));
    keyed.dedup_by(|x, y| x.1 == y.1);
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// Words and phrases that attribute a quotation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    /// Every word and phrase (and their capitalised forms), indexed by first word.
    all: Phrases,
    /// The same for the strong ones, which attribute even from a neighbouring sentence.
    strong: Phrases,
    /// Strong ones that are everyday phrases too: strong only right after a speaker.
    needs_speaker: Phrases,
    speaker_nouns: Phrases,
    /// Documents and messages (`statement`, `tweet`): attribution in a sentence that names someone.
    sources: Phrases,
    /// German separable verbs: finite verb → its particles.
    separable: FxHashMap<Entry, Vec<Entry>>,
}

/// Pronouns that can stand for a speaker before `went on`, `continued` (not `it`, `you`).
const SPEAKER_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "who"];

/// Language → its lexicon as read from `lexicon.toml`.
type Builtin = BTreeMap<&'static str, LangEntry<'static>>;

fn builtin() -> &'static Builtin {
    static B: OnceLock<Builtin> = OnceLock::new();
    // `lexicon.toml` as JSON, made by the build script: quicker to parse.
    B.get_or_init(|| serde_json::from_str(LEXICON_JSON).expect("built-in lexicon.toml is valid"))
}

/// Languages with a built-in lexicon.
pub fn languages() -> Vec<&'static str> {
    builtin().keys().copied().collect()
}

impl Lexicon {
    /// The lexicon for `langs` (e.g. `["en"]`, or all languages for "auto"), plus `extra` words
    /// (which count as strong).
    pub fn new(langs: &[String], extra: &[String]) -> Lexicon {
        let chosen = builtin().iter().filter(|(lang, _)| langs.iter().any(|l| l == *lang || l == "auto"));
        let l = Lists::new(chosen.map(|(_, b)| b), extra);
        Lexicon {
            all: Phrases::new(table(l.all)),
            strong: Phrases::new(table(l.strong)),
            needs_speaker: Phrases::new(arrange(l.needs_speaker)),
            speaker_nouns: Phrases::new(arrange(l.speaker_nouns)),
            sources: Phrases::new(table(l.sources)),
            separable: l.separable.into_iter().fold(FxHashMap::default(), |mut m, (v, p)| {
                m.entry(v).or_insert_with(Vec::new).push(p);
                m
            }),
        }
    }

    /// The first attribution word or phrase in `s` (whole words only), as a byte range of `s`.
    /// A phrase that says only where something was said (`in a speech`, `in a statement`, `on
    /// Twitter`) counts only with its speaker (`setting_has_speaker`).
    pub fn find(&self, s: &str) -> Option<(usize, usize)> {
        let word = self.all.find(s, |a, b| self.setting_has_speaker(s, a, b));
        match (word, self.find_separable(s)) {
            (Some(w), Some(v)) => Some(w.min(v)),
            (w, v) => w.or(v),
        }
    }

    /// A German separable verb whose particle closes the verb's clause: `Die Polizei teilte
    /// am Montag mit`, `„…“, fügte sie hinzu.` Returns the finite verb. The particle alone
    /// (`mit`, `hinzu`) is an everyday word and attributes nothing.
    fn find_separable(&self, s: &str) -> Option<(usize, usize)> {
        if self.separable.is_empty() {
            return None;
        }
        for (a, w) in words(s) {
            let Some(particles) = self.separable.get(w.to_lowercase().as_str()) else { continue };
            // The clause: up to the next comma, colon, quotation mark or stop (a stop before a
            // space or the end: `space.com` goes on).
            let stop = |(i, c): &(usize, char)| match c {
                '.' | '!' | '?' => s[a + i + 1..].chars().next().is_none_or(char::is_whitespace),
                _ => matches!(c, ',' | ';' | ':' | '„' | '“' | '”' | '»' | '«' | '"'),
            };
            let end = s[a..].char_indices().find(stop).map_or(s.len(), |(i, _)| a + i);
            let last = words(&s[a + w.len()..end]).last().map(|(_, p)| p);
            if last.is_some_and(|p| particles.iter().any(|q| q.as_ref() == p)) {
                return Some((a, a + w.len()));
            }
        }
        None
    }

    /// `in a speech`, `in a statement`, `at a briefing`, `on Twitter`: where something was said,
    /// not who said it. Such a phrase attributes right after a speaker (`Smith, in a
    /// statement,`), with a possessive (`in his speech`), or with its source after it (`in a
    /// statement from the party`, `by`); any other phrase always does.
    fn setting_has_speaker(&self, s: &str, a: usize, b: usize) -> bool {
        let p = &s[a..b];
        let setting = ["in ", "at ", "on "].iter().any(|w| p.get(..3).is_some_and(|h| h.eq_ignore_ascii_case(w)));
        // A document after `in a`: `in a speech to the club`.
        let lead = ["in a ", "in an ", "in the ", "at a ", "at the "].iter().find(|w| {
            a >= w.len()
                && s.get(a - w.len()..a).is_some_and(|h| h.eq_ignore_ascii_case(w))
                && s[..a - w.len()].chars().next_back().is_none_or(|c| !is_alnum(c))
        });
        if !(setting || lead.is_some()) || p.ends_with(" of") {
            return true;
        }
        let a = a - lead.map_or(0, |w| w.len());
        let possessive = p.split(' ').any(|w| matches!(w, "his" | "her" | "their" | "its" | "my" | "our"));
        let rest = s[b..].trim_start_matches([',', ' ']);
        // `In an email, Axelrod, a former newspaperman, defended …`: the speaker right after it.
        let source_after = ["from ", "by ", "released by", "issued by", "of "].iter().any(|w| rest.starts_with(w))
            || rest.split_whitespace().next().map(|w| w.trim_matches(|c: char| !is_alnum(c))).is_some_and(|w| self.names_someone(w));
        possessive || source_after || self.after_speaker(s, a)
    }

    /// The first strong attribution word or phrase in `s` (`said`, `told`, `added`, …); an
    /// everyday phrase among them (`went on`) only right after a speaker.
    pub fn find_strong(&self, s: &str) -> Option<(usize, usize)> {
        self.strong.find(s, |a, b| {
            (!self.needs_speaker.contains(s[a..b].to_lowercase().as_str()) || self.after_speaker(s, a)) && self.setting_has_speaker(s, a, b)
        })
    }

    /// The first attribution word or phrase in `s` right after a speaker: a name, a pronoun
    /// (he, she, they, we, I, who) or a speaker noun (`the mayor`), perhaps with one adverb
    /// between (`Lynch announced`, `The Christian leader further related`).
    pub fn find_after_speaker(&self, s: &str) -> Option<(usize, usize)> {
        self.all.find(s, |a, _| self.after_speaker(s, a))
    }

    /// Is `w` (the whole of it) a document or message word (`statement`, `email`)?
    pub fn is_source(&self, w: &str) -> bool {
        self.sources.find(w, |a, b| a == 0 && b == w.len()).is_some()
    }

    /// A document or message (`statement`, `tweet`) in a sentence that also names someone
    /// other than with its first word (`the DNC issued a statement`, `Trump’s first tweet`).
    pub fn find_source(&self, s: &str) -> Option<(usize, usize)> {
        let (a, b) = self.sources.find(s, |a, b| self.setting_has_speaker(s, a, b))?;
        let mut words = s.split_whitespace().skip(1).map(|w| w.trim_matches(|c: char| !is_alnum(c)));
        words.any(|w| self.names_someone(w)).then_some((a, b))
    }

    /// The first word of `s` that names someone: a name other than a sentence's opening word
    /// (`The`, `It`), a person's pronoun (`he`, `her`, `I`) or a speaker noun (`officials`).
    pub fn someone_in(&self, s: &str) -> Option<(usize, usize)> {
        const OPENERS: &[&str] = &[
            "The", "A", "An", "It", "Its", "This", "That", "There", "These", "Those", "In", "On", "At", "But", "And", "Or", "So", "If",
            "When", "While", "As", "For", "With", "Under", "After", "Before", "Still", "Yet", "Now", "Then", "Even", "Across", "Do",
            "Does", "Here", "What", "Why", "How", "Who", "Some", "Many", "Most", "No", "Not", "Such", "To", "From", "By", "Of", "All",
            "Every", "Each",
        ];
        const PERSONS: &[&str] = &["he", "she", "they", "we", "i", "his", "her", "their", "him", "them", "our", "us", "my", "me"];
        super::lexicon::words(s)
            .find(|&(_, w)| {
                let lw = w.to_lowercase();
                PERSONS.contains(&lw.as_str())
                    || (self.names_someone(w) && !OPENERS.contains(&w))
                    || self.speaker_nouns.contains(lw.as_str())
            })
            .map(|(i, w)| (i, i + w.len()))
    }

    /// A word that names someone: a name (`Trump`, `DNC`) or a speaker noun (`mayor`).
    fn names_someone(&self, w: &str) -> bool {
        let name = w.starts_with(char::is_uppercase)
            && (w.chars().any(char::is_lowercase) || w.chars().filter(|c| c.is_uppercase()).count() >= 2)
            && !matches!(w, "I" | "The" | "A" | "An" | "This" | "That" | "It" | "But" | "And");
        name || self.speaker_nouns.contains(w.to_lowercase().as_str())
    }

    fn after_speaker(&self, s: &str, at: usize) -> bool {
        let mut before = s[..at].split_whitespace().rev().map(|w| w.trim_matches(|c: char| !is_alnum(c)));
        let is_speaker = |w: &str| self.names_someone(w) || SPEAKER_PRONOUNS.contains(&w.to_lowercase().as_str());
        let adverb = |w: &str| w.ends_with("ly") || ["further", "also", "then", "later", "again", "once", "quickly"].contains(&w);
        // `Burton has also implored`, `Ames had repeatedly warned`.
        let auxiliary = |w: &str| ["has", "had", "have", "was", "were", "is", "are", "will", "would"].contains(&w);
        let mut w = before.next();
        if w.is_some_and(adverb) {
            w = before.next();
        }
        if w.is_some_and(auxiliary) {
            w = before.next();
        }
        w.is_some_and(is_speaker)
    }
}

/// Words and phrases, found at word boundaries. Grouped by their first word (their first run
/// of letters and digits, or their first character when they start with another, as `’s view`
/// does): a lookup per word of the text.
#[derive(Debug, Clone, Default, PartialEq)]
struct Phrases {
    /// The entries, as [`arrange`] orders them.
    entries: Vec<Entry>,
    /// First word → its range of `entries`.
    groups: FxHashMap<Entry, (usize, usize)>,
}

impl Phrases {
    /// The phrases of `entries` ([`arrange`]d).
    fn new(entries: Vec<Entry>) -> Phrases {
        let mut groups = FxHashMap::default();
        let mut lo = 0;
        while lo < entries.len() {
            let key = first_word(&entries[lo]);
            let hi = lo + entries[lo..].iter().take_while(|e| first_word(e) == key).count();
            let key = match &entries[lo] {
                Cow::Borrowed(e) => Cow::Borrowed(first_word(e)),
                Cow::Owned(_) => Cow::Owned(key.to_string()),
            };
            groups.insert(key, (lo, hi));
            lo = hi;
        }
        Phrases { entries, groups }
    }

    #[inline]
    fn entry(&self, i: usize) -> &str {
        &self.entries[i]
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The range of entries whose first word is `key`.
    #[inline]
    fn group(&self, key: &str) -> Option<(usize, usize)> {
        self.groups.get(key).copied()
    }

    /// Whether `w` is one of the entries.
    fn contains(&self, w: &str) -> bool {
        self.group(first_word(w)).is_some_and(|(lo, hi)| (lo..hi).any(|i| self.entry(i) == w))
    }

    /// The first phrase in `s` (leftmost, then longest) that stands as whole words and that
    /// `accept` takes, as a byte range of `s`. Whole words: not glued to a letter or digit on
    /// either side (unless the phrase starts with a mark, `’s view`), not inside a hyphenated
    /// word (`well-said`, `said-so`).
    fn find(&self, s: &str, accept: impl Fn(usize, usize) -> bool) -> Option<(usize, usize)> {
        self.find_places(s, accept, true)
    }

    /// [`find`](Self::find), looking up each word and passing over the rest of an ASCII word
    /// (`skip`), or trying every character (the reference a test holds it to).
    fn find_places(&self, s: &str, accept: impl Fn(usize, usize) -> bool, skip: bool) -> Option<(usize, usize)> {
        if self.groups.is_empty() {
            return None;
        }
        let mut prev: Option<char> = None;
        let bytes = s.as_bytes();
        let mut next = 0;
        while next < s.len() {
            let a = next;
            let c = if bytes[a] < 0x80 { bytes[a] as char } else { s[a..].chars().next().unwrap_or(' ') };
            next = a + c.len_utf8();
            let before = prev;
            prev = Some(c);
            if c.is_whitespace() || (is_alnum(c) && before.is_some_and(is_alnum)) {
                continue;
            }
            let key = first_word(&s[a..]);
            // The rest of an ASCII word starts nothing: the next place is past it.
            if skip && c.is_ascii_alphanumeric() && key.len() > 1 && key.is_ascii() {
                next = a + key.len();
                prev = Some(bytes[next - 1] as char);
            }
            let Some((lo, hi)) = self.group(key) else { continue };
            for p in (lo..hi).map(|i| self.entry(i)) {
                let b = a + p.len();
                if !s[a..].starts_with(p) {
                    continue;
                }
                let glued = !is_alnum(c); // `’s view`
                let after = s[b..].chars().next();
                let inner_hyphen = after == Some('-') && s[b + 1..].starts_with(is_alnum);
                if (glued || !before.is_some_and(is_alnum))
                    && !after.is_some_and(is_alnum)
                    && !inner_hyphen
                    && before != Some('-')
                    && accept(a, b)
                {
                    return Some((a, b));
                }
            }
        }
        None
    }
}

/// Words of `s` with their byte offsets: letters, digits, and inner hyphens or apostrophes.
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    // Lazy: callers often want only the first few words of a long paragraph.
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let mut start: Option<usize> = None;
        while let Some((i, c)) = iter.next() {
            let inner = (c == '-' || c == '\'' || c == '’') && start.is_some() && iter.peek().is_some_and(|&(_, n)| is_alnum(n));
            if is_alnum(c) || inner {
                if start.is_none() {
                    start = Some(i);
                }
            } else if let Some(st) = start {
                return Some((st, &s[st..i]));
            }
        }
        start.map(|st| (st, &s[st..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str, at: Option<(usize, usize)>) -> Option<&str> {
        at.map(|(a, b)| &s[a..b])
    }

    #[test]
    fn the_lexicon_of_every_language_is_the_one_of_auto() {
        let all = Lexicon::new(&["auto".into()], &[]);
        assert!(all.all.len() > 1000, "{}", all.all.len());
        // A project's verb or a choice of languages gives another lexicon.
        assert_ne!(Lexicon::new(&["auto".into()], &["intoned".into()]), all);
        assert_ne!(Lexicon::new(&["en".into()], &[]), all);
        assert_eq!(Lexicon::new(&["en".into(), "auto".into()], &[]), all);
        assert_eq!(Lexicon::new(&["de".into(), "en".into(), "fr".into(), "ru".into()], &[]), all);
    }

    /// Passing over the rest of each ASCII word finds the phrase that trying every character
    /// finds, in texts of lexicon words glued to marks, letters beyond ASCII and each other.
    #[test]
    fn passing_over_words_finds_what_every_character_finds() {
        let lex = Lexicon::new(&["auto".to_string()], &[]);
        let pieces = [
            "said",
            "according to",
            "told",
            "he",
            "Pushkov",
            "’s view",
            "went on",
            "По словам",
            "sagte",
            "a déclaré",
            " ",
            ", ",
            "“",
            "”",
            "-",
            "é",
            "x",
            "'",
            "’",
            "said-so",
            "well",
            "2",
            ".",
            "\n",
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        let mut found = 0;
        for _ in 0..20_000 {
            let s: String = (0..next(10)).map(|_| pieces[next(pieces.len())]).collect();
            for table in [&lex.all, &lex.strong, &lex.sources] {
                let skipping = table.find_places(&s, |_, _| true, true);
                assert_eq!(skipping, table.find_places(&s, |_, _| true, false), "{s:?}");
                // And with a test that refuses the first place found.
                let first = skipping.map(|(a, _)| a);
                assert_eq!(
                    table.find_places(&s, |a, _| Some(a) != first, true),
                    table.find_places(&s, |a, _| Some(a) != first, false),
                    "{s:?}"
                );
                found += usize::from(skipping.is_some());
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn the_longest_phrase_at_the_leftmost_place_wins() {
        let lex = Lexicon::new(&["auto".to_string()], &[]);
        let s = "It was, according to Pushkov, said";
        assert_eq!(found(s, lex.find(s)), Some("according to"));
        let s = "According to the mayor";
        assert_eq!(found(s, lex.find(s)), Some("According to"));
        // Whole words only, and case-sensitive for a plain verb form.
        assert_eq!(lex.find("the unsaid, well-said, Says-who"), None);
        let s = "По словам министра";
        assert_eq!(found(s, lex.find(s)), Some("По словам"));
    }

    #[test]
    fn everyday_phrases_are_strong_only_after_a_speaker_and_a_projects_verbs_are_strong() {
        let lex = Lexicon::new(&["en".to_string()], &["Thundered ".to_string()]);
        assert_eq!(lex.find_strong("Later the talks went on for hours"), None);
        let s = "The mayor went on";
        assert_eq!(found(s, lex.find_strong(s)), Some("went on"));
        assert_eq!(lex.find_strong("the talks go on"), None);
        let s = "They go on";
        assert_eq!(found(s, lex.find_strong(s)), Some("go on"));
        let s = "the senator thundered at them";
        assert_eq!(found(s, lex.find_strong(s)), Some("thundered"));
        // Only the languages asked for.
        assert_eq!(lex.find("по словам министра"), None);
        assert_eq!(languages(), ["de", "en", "fr", "ru"]);
    }

    #[test]
    fn a_separable_verb_attributes_with_its_particle_closing_the_clause() {
        let lex = Lexicon::new(&["de".to_string()], &[]);
        let s = "Der Verein gab am Montag in Halle bekannt, dass";
        assert_eq!(found(s, lex.find(s)), Some("gab"));
        let s = ", führte er gegenüber dem Dienst space.com aus.";
        assert_eq!(found(s, lex.find(s)), Some("führte"));
        // The particle alone, or not closing the verb's clause: nothing.
        assert_eq!(lex.find("Der Einsatz dauerte mit Pausen bis zum Abend."), None);
        assert_eq!(lex.find("Er gab den Schlüssel an der Kasse bekannter Läden ab."), None);
        // German nouns keep their capitals in a phrase.
        let s = "Nach Angaben der Polizei";
        assert_eq!(found(s, lex.find(s)), Some("Nach Angaben"));
        let s = "mit diesen Worten begrüßte er";
        assert_eq!(found(s, lex.find(s)), Some("mit diesen Worten"));
    }

    #[test]
    fn naming_in_someones_words_attributes_a_partial_quotation() {
        let lex = Lexicon::new(&["de".to_string()], &[]);
        let s = "Viele bezeichneten den Gipfel als das ";
        assert_eq!(found(s, lex.find(s)), Some("bezeichneten"));
        let s = "Sie nannte ihn einen ";
        assert_eq!(found(s, lex.find(s)), Some("nannte"));
    }
}

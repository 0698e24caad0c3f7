//! The attribution lexicon: speech verbs and attribution phrases per language, read from
//! `lexicon.toml` (data compiled in) plus a project's own verbs.

use crate::prose::first_word;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const LEXICON_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon.json"));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LangEntry {
    verbs: Vec<String>,
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    needs_speaker: Vec<String>,
    #[serde(default)]
    speaker_nouns: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
}

/// Words and phrases that attribute a quotation.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub words: HashSet<String>,
    /// Lower-case phrases of more than one word.
    pub phrases: Vec<String>,
    /// Every word and phrase (and their capitalised forms), indexed by first word.
    all: Phrases,
    /// The same for the strong ones, which attribute even from a neighbouring sentence.
    strong: Phrases,
    /// Strong ones that are everyday phrases too: strong only right after a speaker.
    needs_speaker: HashSet<String>,
    speaker_nouns: HashSet<String>,
    /// Documents and messages (`statement`, `tweet`): attribution in a sentence that names someone.
    sources: Phrases,
}

/// Pronouns that can stand for a speaker before `went on`, `continued` (not `it`, `you`).
const SPEAKER_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "who"];

/// A language's lexicon as read from `lexicon.toml`.
struct BuiltinLang {
    /// Every verb and phrase, strong ones included.
    all: Vec<String>,
    strong: Vec<String>,
    needs_speaker: Vec<String>,
    speaker_nouns: Vec<String>,
    sources: Vec<String>,
}

/// Language → its lexicon.
type Builtin = BTreeMap<String, BuiltinLang>;

fn builtin() -> &'static Builtin {
    static B: OnceLock<Builtin> = OnceLock::new();
    B.get_or_init(|| {
        // `lexicon.toml` as JSON, made by the build script: quicker to parse.
        let raw: BTreeMap<String, LangEntry> = serde_json::from_str(LEXICON_JSON).expect("built-in lexicon.toml is valid");
        raw.into_iter()
            .map(|(k, v)| {
                let mut all = v.verbs;
                all.extend(v.phrases);
                all.extend(v.strong.iter().cloned());
                all.extend(v.sources.iter().cloned());
                let b = BuiltinLang {
                    all,
                    strong: v.strong,
                    needs_speaker: v.needs_speaker,
                    speaker_nouns: v.speaker_nouns,
                    sources: v.sources,
                };
                (k, b)
            })
            .collect()
    })
}

/// Languages with a built-in lexicon.
pub fn languages() -> Vec<&'static str> {
    builtin().keys().map(String::as_str).collect()
}

impl Lexicon {
    /// The lexicon for `langs` (e.g. `["en"]`, or all languages for "auto"), plus `extra` words
    /// (which count as strong).
    pub fn new(langs: &[String], extra: &[String]) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut strong: Vec<String> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for (lang, b) in builtin() {
            if langs.iter().any(|l| l == lang || l == "auto") {
                for v in &b.all {
                    lex.add(v);
                }
                strong.extend(b.strong.iter().map(|w| w.to_lowercase()));
                strong.extend(b.needs_speaker.iter().map(|w| w.to_lowercase()));
                lex.needs_speaker.extend(b.needs_speaker.iter().map(|w| w.to_lowercase()));
                lex.speaker_nouns.extend(b.speaker_nouns.iter().map(|w| w.to_lowercase()));
                sources.extend(b.sources.iter().map(|w| w.to_lowercase()));
            }
        }
        for v in extra {
            lex.add(v);
            strong.push(v.trim().to_lowercase());
        }
        let all: Vec<String> = lex.words.iter().chain(lex.phrases.iter()).cloned().collect();
        lex.all = Phrases::new(all);
        lex.strong = Phrases::new(strong);
        lex.sources = Phrases::new(sources);
        lex
    }

    fn add(&mut self, entry: &str) {
        let e = entry.trim().to_lowercase();
        if e.contains(char::is_whitespace) {
            if !self.phrases.contains(&e) {
                self.phrases.push(e);
            }
        } else if !e.is_empty() {
            self.words.insert(e);
        }
    }

    /// The first attribution word or phrase in `s` (whole words only), as a byte range of `s`.
    pub fn find(&self, s: &str) -> Option<(usize, usize)> {
        self.all.find(s, |_, _| true)
    }

    /// The first strong attribution word or phrase in `s` (`said`, `told`, `added`, …); an
    /// everyday phrase among them (`went on`) only right after a speaker.
    pub fn find_strong(&self, s: &str) -> Option<(usize, usize)> {
        self.strong.find(s, |a, b| !self.needs_speaker.contains(&s[a..b].to_lowercase()) || self.after_speaker(s, a))
    }

    /// The first attribution word or phrase in `s` right after a speaker: a name, a pronoun
    /// (he, she, they, we, I, who) or a speaker noun (`the mayor`), perhaps with one adverb
    /// between (`Lynch announced`, `The Christian leader further related`).
    pub fn find_after_speaker(&self, s: &str) -> Option<(usize, usize)> {
        self.all.find(s, |a, _| self.after_speaker(s, a))
    }

    /// A document or message (`statement`, `tweet`) in a sentence that also names someone
    /// other than with its first word (`the DNC issued a statement`, `Trump’s first tweet`).
    pub fn find_source(&self, s: &str) -> Option<(usize, usize)> {
        let (a, b) = self.sources.find(s, |_, _| true)?;
        let mut words = s.split_whitespace().skip(1).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        words.any(|w| self.names_someone(w)).then_some((a, b))
    }

    /// A word that names someone: a name (`Trump`, `DNC`) or a speaker noun (`mayor`).
    fn names_someone(&self, w: &str) -> bool {
        let name = w.starts_with(char::is_uppercase)
            && (w.chars().any(char::is_lowercase) || w.chars().filter(|c| c.is_uppercase()).count() >= 2)
            && !matches!(w, "I" | "The" | "A" | "An" | "This" | "That" | "It" | "But" | "And");
        name || self.speaker_nouns.contains(&w.to_lowercase())
    }

    fn after_speaker(&self, s: &str, at: usize) -> bool {
        let mut before = s[..at].split_whitespace().rev().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        let is_speaker = |w: &str| self.names_someone(w) || SPEAKER_PRONOUNS.contains(&w.to_lowercase().as_str());
        let adverb = |w: &str| w.ends_with("ly") || ["further", "also", "then", "later", "again", "once", "quickly"].contains(&w);
        match before.next() {
            Some(w) if is_speaker(w) => true,
            Some(w) if adverb(w) => before.next().is_some_and(is_speaker),
            _ => false,
        }
    }
}

/// Words and phrases, found at word boundaries. Indexed by their first word (their first
/// run of letters and digits, or their first character when they start with another, as
/// `’s view` does): a lookup per word of the text, and a table quick to build, which matters
/// because every `copydesk check` builds it before its first file.
#[derive(Debug, Clone, Default)]
struct Phrases {
    /// First word → the phrases starting with it, longest first.
    by_first: HashMap<String, Vec<String>>,
}

fn alnum(c: char) -> bool {
    c.is_alphanumeric()
}

impl Phrases {
    /// Case-sensitive on purpose (`States` is not `states`); phrases, non-ASCII words and verbs
    /// in the past tense also in a capitalised form, for the start of a sentence (`According
    /// to`, `Said Dorothy Poynter, …`, `По словам`).
    fn new(mut pats: Vec<String>) -> Phrases {
        let caps: Vec<String> = pats
            .iter()
            .filter(|p| {
                p.contains(' ')
                    || !p.is_ascii()
                    || p.ends_with("ed")
                    || ["said", "says", "told", "wrote", "adding", "according"].contains(&p.as_str())
            })
            .map(|p| {
                let mut c = p.chars();
                c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
            })
            .collect();
        pats.extend(caps);
        pats.sort();
        pats.dedup();
        let mut by_first: HashMap<String, Vec<String>> = HashMap::default();
        for p in pats.into_iter().filter(|p| !p.is_empty()) {
            by_first.entry(first_word(&p).to_string()).or_default().push(p);
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        Phrases { by_first }
    }

    /// The first phrase in `s` (leftmost, then longest) that stands as whole words and that
    /// `accept` takes, as a byte range of `s`. Whole words: not glued to a letter or digit on
    /// either side (unless the phrase starts with a mark, `’s view`), not inside a hyphenated
    /// word (`well-said`, `said-so`).
    fn find(&self, s: &str, accept: impl Fn(usize, usize) -> bool) -> Option<(usize, usize)> {
        if self.by_first.is_empty() {
            return None;
        }
        let mut prev: Option<char> = None;
        let iter = s.char_indices();
        for (a, c) in iter {
            let before = prev;
            prev = Some(c);
            if c.is_whitespace() || (alnum(c) && before.is_some_and(alnum)) {
                continue;
            }
            let key = first_word(&s[a..]);
            let Some(cands) = self.by_first.get(key) else { continue };
            for p in cands {
                let b = a + p.len();
                if !s[a..].starts_with(p.as_str()) {
                    continue;
                }
                let glued = !alnum(c); // `’s view`
                let after = s[b..].chars().next();
                let inner_hyphen = after == Some('-') && s[b + 1..].starts_with(alnum);
                if (glued || !before.is_some_and(alnum))
                    && !after.is_some_and(alnum)
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
            let inner = (c == '-' || c == '\'' || c == '’') && start.is_some() && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner {
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

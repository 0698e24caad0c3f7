//! The attribution lexicon: speech verbs and attribution phrases per language, read from
//! `lexicon.toml` (data compiled in) plus a project's own verbs.

use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

const LEXICON_TOML: &str = include_str!("lexicon.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LangEntry {
    verbs: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
}

/// Words and phrases that attribute a quotation.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub words: HashSet<String>,
    /// Lower-case phrases of more than one word.
    pub phrases: Vec<String>,
}

fn builtin() -> &'static BTreeMap<String, (Vec<String>, Vec<String>)> {
    static B: OnceLock<BTreeMap<String, (Vec<String>, Vec<String>)>> = OnceLock::new();
    B.get_or_init(|| {
        let raw: BTreeMap<String, LangEntry> = toml::from_str(LEXICON_TOML).expect("built-in lexicon.toml is valid");
        raw.into_iter().map(|(k, v)| (k, (v.verbs, v.phrases))).collect()
    })
}

/// Languages with a built-in lexicon.
pub fn languages() -> Vec<&'static str> {
    builtin().keys().map(String::as_str).collect()
}

impl Lexicon {
    /// The lexicon for `langs` (e.g. `["en"]`, or all languages for "auto"), plus `extra` words.
    pub fn new(langs: &[String], extra: &[String]) -> Lexicon {
        let mut lex = Lexicon::default();
        for (lang, (verbs, phrases)) in builtin() {
            if langs.iter().any(|l| l == lang || l == "auto") {
                for v in verbs {
                    lex.add(v);
                }
                for p in phrases {
                    lex.add(p);
                }
            }
        }
        for v in extra {
            lex.add(v);
        }
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

    /// The first attribution word or phrase in `s`, as a byte range of `s`.
    pub fn find(&self, s: &str) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (start, word) in words(s) {
            let lower = word.to_lowercase();
            if self.words.contains(&lower) {
                best = Some((start, start + word.len()));
                break;
            }
        }
        if !self.phrases.is_empty() {
            let lower = s.to_lowercase();
            if lower.len() == s.len() {
                for p in &self.phrases {
                    let mut from = 0;
                    while let Some(i) = lower[from..].find(p.as_str()) {
                        let (a, b) = (from + i, from + i + p.len());
                        let before = lower[..a].chars().next_back();
                        let after = lower[b..].chars().next();
                        let glued = p.starts_with(|c: char| !c.is_alphanumeric()); // `’s view`
                        if (glued || !before.is_some_and(char::is_alphanumeric)) && !after.is_some_and(char::is_alphanumeric) {
                            if best.is_none_or(|(s0, _)| a < s0) {
                                best = Some((a, b));
                            }
                            break;
                        }
                        from = b;
                    }
                }
            }
        }
        best
    }
}

/// Words of `s` with their byte offsets: letters, digits, and inner hyphens or apostrophes.
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let inner = (c == '-' || c == '\'' || c == '’') && start.is_some() && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push((st, &s[st..i]));
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out.into_iter()
}

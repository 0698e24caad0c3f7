//! unexplained-acronym

use crate::analysis::Analysis;
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::prose::BlockKind;
use rustc_hash::FxHashSet;

rule_doc! {
    /// # unexplained-acronym
    ///
    /// Hints at an all-capitals acronym that the story never spells out and that the glossary
    /// does not know: `CNPC`, `VEB`.
    ///
    /// ## Why an editor cares
    /// A reader who does not know the letters stops reading. Wire copy is full of acronyms
    /// that are household words on one desk and a puzzle on the next.
    ///
    /// ## How it decides
    /// An acronym (two to five capital letters, in mid-sentence prose) counts as spelled out
    /// when the story puts it in brackets anywhere (`China National Petroleum Corp. (CNPC)`)
    /// or names something whose initials it is (`the China National Petroleum Corp.` …
    /// `CNPC`). Acronyms every reader knows (`US`, `UN`, `BBC`, `CEO`, `TV`, `FBI`, `GOP`,
    /// state abbreviations…) are never reported; a newsroom adds its own with
    /// `[acronyms] known = ["CNPC"]` in `copydesk.toml`. Glossary acronyms are
    /// `undefined-acronym`'s.
    ///
    /// ## What it skips
    /// Headlines, datelines (`MIAMI —`), text in capitals (`BREAKING NEWS`), Roman numerals, acronyms inside a
    /// quotation, and every use after the first.
    ///
    /// ## Off by default
    /// On real copy most of these hints are acronyms that the desk knows (docs/eval.md), so
    /// the rule is off unless `copydesk.toml` switches it on: `unexplained-acronym = "hint"`.
    ///
    /// ## Example
    /// ```text
    /// The deal gives CNPC a stake in the field.
    ///                ^^^^ “CNPC” is never spelled out in this story
    /// ```
    ///
    /// ## Fix
    /// None: only the reporter knows what the letters stand for.
}

/// Acronyms every reader of English-language news knows.
#[rustfmt::skip]
pub const KNOWN: &[&str] = &[
    // Countries, unions, places.
    "US", "USA", "UK", "EU", "UN", "UAE", "USSR", "DC", "NYC", "LA", "DPRK", "PRC", "ROK",
    // organisations
    "NATO", "FBI", "CIA", "NSA", "NASA", "WHO", "IMF", "WTO", "OPEC", "ICC", "IAEA", "UNICEF", "UNESCO", "FIFA", "UEFA",
    "IOC", "NFL", "NBA", "MLB", "NHL", "NCAA", "NRA", "ACLU", "NAACP", "AARP", "YMCA", "PTA", "GOP", "DNC", "RNC",
    "IRS", "EPA", "FDA", "CDC", "NIH", "DHS", "DOJ", "DOD", "TSA", "ICE", "FAA", "FCC", "SEC", "FEC", "DEA", "ATF",
    "VA", "NYPD", "LAPD", "SWAT", "KGB", "FSB", "MI5", "MI6", "NHS", "BBC", "CNN", "ABC", "CBS", "NBC", "MSNBC", "NPR",
    "PBS", "HBO", "ESPN", "AP", "AFP", "ITV", "RT", "IBM", "BMW", "AIG", "GM", "GE", "HP", "UPS",
    // everyday words
    "CEO", "CFO", "COO", "CTO", "TV", "PC", "ID", "IQ", "DNA", "HIV", "AIDS", "GDP", "GPS", "SUV", "ATM", "VIP", "PR",
    "HR", "IT", "AI", "OK", "AM", "PM", "BC", "AD", "MP", "MPs", "PhD", "MD", "DJ", "CD", "DVD", "USB", "PDF", "FAQ",
    "LGBT", "LGBTQ", "STEM", "COVID", "SARS", "MRI", "ICU", "ER", "IVF", "PTSD", "ADHD", "RSVP", "ASAP", "FYI", "UFO",
    "NGO", "NGOs", "POW", "MIA", "WMD", "IED", "ISIS", "ISIL", "TNT", "URL", "WWII", "WWI", "GI", "OMG", "LOL", "RIP",
    "PS", "BA", "MA", "MBA", "SAT", "ACT", "GPA", "ESL", "GMO", "CO", "UV", "LED", "LCD", "CPU", "APP", "TSA", "EST",
    "PST", "GMT", "UTC", "EDT", "PDT", "CST", "CDT", "MST", "MDT", "AKA", "PAC", "PACs", "SNL", "NYT", "WSJ", "KKK",
    "BLM", "MAGA", "NAFTA", "TPP", "ACA", "SCOTUS", "POTUS", "FLOTUS", "VP", "QB", "MVP", "NYU", "UCLA", "MIT", "USC",
    "LSU", "CUNY", "SUNY",
    // US states and Canadian provinces, as party labels write them (`R-TX`).
    "AL", "AK", "AZ", "AR", "CA", "CT", "DE", "FL", "GA", "HI", "IA", "IL", "IN", "KS", "KY", "ME", "MI", "MN", "MO",
    "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "WA", "WI", "WV", "WY", "ON", "QC", "BC",
];

pub(crate) fn check(a: &Analysis, cfg: &Config, out: &mut Vec<Finding>) {
    let mask = a.prose.mask.as_str();
    let text = a.text();
    let tops: Vec<(usize, usize)> = a.quotes.quotes.iter().filter(|q| q.span.depth == 0).map(|q| (q.span.start, q.span.end)).collect();
    let mentions = &a.names.mentions;
    let mut reported: FxHashSet<&str> = FxHashSet::default();
    let mut spelled: Option<FxHashSet<String>> = None;
    let (mut top, mut mention) = (0, 0);
    for block in a.prose.blocks.iter().filter(|b| b.kind != BlockKind::Heading) {
        let bytes = &mask.as_bytes()[block.start..block.end];
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let ws = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80 && !is_break(mask, block.start + i)) {
                i += 1;
            }
            // A word of ASCII capitals, with neither a letter nor a dot nor a digit stuck to it.
            let word = &bytes[ws..i];
            if word.len() < 2 || word.len() > 5 || !word.iter().all(u8::is_ascii_uppercase) {
                continue;
            }
            let (start, end) = (block.start + ws, block.start + i);
            // A dateline, `MIAMI —` or `PARIS,` at the start of a paragraph.
            if ws == 0 && mask[end..].trim_start().starts_with(['—', '–', ',', '(', '-']) {
                continue;
            }
            let prev = mask[..start].chars().next_back();
            let next = mask[end..].chars().next();
            if prev.is_some_and(|c| c == '.' || c == '-' || c == '&' || c == '/' || c == '@' || c == '#')
                || next.is_some_and(|c| {
                    c == '.' && mask[end + 1..].starts_with(|d: char| d.is_ascii_alphabetic()) || c == '-' || c == '&' || c == '/'
                })
            {
                continue; // `U.S.`, `R-TX`, `AT&T`, `@CNN`, `CNN.com`
            }
            let acronym = &text[start..end];
            if reported.contains(acronym) || known(acronym, cfg) || roman(acronym) || shouting(mask, start, end) {
                continue;
            }
            while tops.get(top).is_some_and(|q| q.1 <= start) {
                top += 1;
            }
            if tops.get(top).is_some_and(|q| q.0 < end) {
                continue;
            }
            while mentions.get(mention).is_some_and(|m| m.end <= start) {
                mention += 1;
            }
            if mentions.get(mention).is_some_and(|m| m.start < end) || cfg.glossary.lookup(acronym).is_some() {
                continue;
            }
            let spelled = spelled.get_or_insert_with(|| spelled_out(mask));
            reported.insert(acronym);
            if spelled.contains(acronym) {
                continue;
            }
            out.push(Finding {
                rule: super::Rule::UnexplainedAcronym,
                severity: Severity::Hint,
                start,
                end,
                message: format!("“{}” is never spelled out in this story: will every reader know it?", acronym),
                related: Vec::new(),
                fixes: Vec::new(),
            });
        }
    }
}

/// Does a non-ASCII character at byte `i` end a word (a quotation mark, a dash)?
fn is_break(mask: &str, i: usize) -> bool {
    if !mask.is_char_boundary(i) {
        return false;
    }
    !mask[i..].chars().next().is_some_and(char::is_alphanumeric)
}

fn known(acronym: &str, cfg: &Config) -> bool {
    KNOWN.contains(&acronym) || cfg.known_acronyms.iter().any(|k| k == acronym)
}

fn roman(w: &str) -> bool {
    w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M')) && w.len() <= 4 && !matches!(w, "MD" | "CD" | "DC")
}

/// Is the word before or after in capitals too (a line in capitals)?
fn shouting(mask: &str, start: usize, end: usize) -> bool {
    let caps = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase);
    let before = mask[..start].split_whitespace().next_back();
    let after = mask[end..].split_whitespace().next();
    let before = before.filter(|_| !mask[..start].ends_with(['\n']));
    before.is_some_and(|w| caps(w) && !w.ends_with(['.', ':', '(']))
        || after.is_some_and(|w| caps(w.trim_end_matches(|c: char| !c.is_alphanumeric())) && w.len() > 1)
}

/// Every acronym the story spells out: those in brackets, and the initials of every run of
/// capitalised words (`China National Petroleum Corp.` gives `CNPC`, `CNP`, `NPC`, …; small
/// words such as `of` and `and` are passed over).
fn spelled_out(mask: &str) -> FxHashSet<String> {
    let mut set = FxHashSet::default();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, set: &mut FxHashSet<String>| {
        for i in 0..run.len() {
            for j in i + 2..=run.len().min(i + 6) {
                set.insert(run[i..j].iter().collect::<String>());
            }
        }
        run.clear();
    };
    for w in mask.split(|c: char| c.is_whitespace() || c == '-' || c == '/') {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(inner) = w.strip_prefix('(').map(|x| x.trim_end_matches(|c: char| !c.is_alphanumeric())) {
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_uppercase()) {
                set.insert(inner.to_string());
            }
        }
        let first = bare.chars().next();
        if first.is_some_and(char::is_uppercase) {
            run.push(first.unwrap_or(' '));
            // A run goes on only through words that end without punctuation.
            if w.ends_with([',', '.', ';', ':', ')', '”', '"']) && !w.ends_with("Corp.") && !w.ends_with("Co.") {
                flush(&mut run, &mut set);
            }
        } else if !matches!(bare, "of" | "and" | "for" | "the" | "on" | "in" | "de" | "du" | "des" | "la" | "le" | "&" | "to" | "") {
            flush(&mut run, &mut set);
        }
    }
    flush(&mut run, &mut set);
    set
}

#[cfg(test)]
mod tests {
    use crate::config::RuleSetting;
    use crate::{check, Config, Finding, Markup, Rule, Severity};

    fn on() -> Config {
        let mut cfg = Config::default();
        cfg.rules.insert(Rule::UnexplainedAcronym, RuleSetting::On(Severity::Hint));
        cfg
    }

    fn hinted(text: &str, cfg: &Config) -> Vec<String> {
        let text = format!("Talks on the pipeline resume\n\n{text}\n");
        let fs: Vec<Finding> = check(&text, Markup::Plain, cfg).into_iter().filter(|f| f.rule == Rule::UnexplainedAcronym).collect();
        assert!(fs.iter().all(|f| f.severity == Severity::Hint && f.fixes.is_empty()));
        fs.iter().map(|f| text[f.start..f.end].to_string()).collect()
    }

    #[test]
    fn an_acronym_never_spelled_out_gets_one_hint() {
        assert_eq!(
            hinted("The deal gives CNPC a stake in the field. CNPC will pay in May, and VEB lends the rest.", &on()),
            ["CNPC", "VEB"]
        );
    }

    #[test]
    fn off_by_default() {
        assert!(hinted("The deal gives CNPC a stake in the field.", &Config::default()).is_empty());
    }

    #[test]
    fn spelled_out_in_brackets_or_by_initials() {
        let cfg = on();
        assert!(hinted("China National Petroleum Corp. (CNPC) signed. Later CNPC paid.", &cfg).is_empty());
        assert!(hinted("The China National Petroleum Corp. signed on Monday. Later CNPC paid.", &cfg).is_empty());
        assert!(hinted("CNPC paid on Monday, the China National Petroleum Corp. said.", &cfg).is_empty());
        assert!(hinted("The Bank of Foreign Economic Affairs lends. BFEA said so.", &cfg).is_empty());
    }

    #[test]
    fn known_acronyms_and_the_config_key() {
        assert!(hinted("The CEO told the BBC and CNN that the US and UN agreed, said Sen. Cruz (R-TX).", &on()).is_empty());
        let file = crate::ConfigFile::parse("[rules]\nunexplained-acronym = \"hint\"\n[acronyms]\nknown = [\"CNPC\"]\n", "copydesk.toml");
        let cfg = file.unwrap().build(&[]).unwrap();
        assert_eq!(hinted("The deal gives CNPC a stake in the field, and VEB lends.", &cfg), ["VEB"]);
    }

    #[test]
    fn silent_in_quotations_capitals_numerals_and_glossary_names() {
        let cfg = on();
        assert!(hinted("“CNPC will pay,” the minister said.", &cfg).is_empty());
        assert!(hinted("He wrote: BREAKING NEWS FROM THE FIELD today.", &cfg).is_empty());
        assert!(hinted("Pope John Paul II and Henry VIII met in the story.", &cfg).is_empty());
        assert!(hinted("Officials said ISIL units regrouped near the town.", &cfg).is_empty());
        assert!(hinted("They visited the U.S. and AT&T offices.", &cfg).is_empty());
    }
}

//! name-spelling

use crate::analysis::Analysis;
use crate::config::Config;
use crate::finding::{Edit, Finding, Fix, Related, Severity};
use crate::surnames::{BeforeAt, Words, MAX_BYTES};
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use unicode_normalization::UnicodeNormalization;

rule_doc! {
    /// # name-spelling
    ///
    /// Finds a name spelled two ways in one story: `Eric Schneiderman` here, `Scheiderman`
    /// there; `Diane Abbott` and `Ms Abbot`; `Erdoğan` and `Erdogan`.
    ///
    /// ## Why an editor cares
    /// Misspelling a person's name is the error readers and sources notice first, and the one
    /// corrections columns are made of. It is rarely in any glossary: this rule needs none.
    ///
    /// ## How it decides
    /// It collects the surnames of the story: the last word of a capitalised run (`Attorney
    /// General Eric Schneiderman`), a word after a title (`Mr`, `Ms`, `Dr`, `Gen.`, `Sen.`,
    /// `President`…) and a capitalised word standing alone in mid-sentence. Two spellings are
    /// the same name misspelled when they differ by one letter inserted, dropped, doubled or
    /// changed, two letters swapped, or only by diacritics, and the story ties them to one
    /// person: the same first name or title before both, or a full name for one and a title or
    /// the bare surname for the other. The story's spelling is the one it uses most (on a tie,
    /// the one of the first full mention); the other is flagged.
    ///
    /// ## What it skips
    /// Stories in German (every noun has a capital there), words of at most four letters
    /// (`Hill`/`Hall`), two spellings that each come with their own first names (`Ben Carson`, `Tucker Carlson`: two people) or with `Mr` and `Ms`,
    /// two bare words (`Iran`, `Iraq`), plurals, possessives and adjectives (`Russia`/`Russian`,
    /// `Israel`/`Israeli`), a spelling used as often as the other more than once (two
    /// people), case differences, headlines, names the glossary knows (that is
    /// `inconsistent-name`'s job), and any word inside a quotation (the speaker's words are never
    /// rewritten; a quoted spelling still counts towards which one the story uses most).
    ///
    /// ## Example
    /// ```text
    /// Attorney General Eric Schneiderman sued on Monday. Scheiderman, a Democrat, said …
    ///                                                    ^^^^^^^^^^^ Replace with “Schneiderman”
    /// ```
    ///
    /// ## Fix
    /// Replace the minority spelling with the story's spelling. Each finding lists up to 5
    /// places where the story spells the name its main way.
}

/// At most this many related places per finding.
const MAX_RELATED: usize = 5;
/// Names at least this long (in characters) may differ by two slips.
const LONG: usize = 9;
const MALE: &[&str] = &["Mr", "Sir", "Lord", "King", "Prince", "Father", "Brother", "Congressman", "Councilman", "Chairman"];
const FEMALE: &[&str] =
    &["Mrs", "Ms", "Miss", "Dame", "Lady", "Queen", "Princess", "Sister", "Congresswoman", "Councilwoman", "Chairwoman"];

/// Endings that make another word of a name: plurals, adjectives, demonyms.
const ENDINGS: &[char] = &['s', 'n', 'i'];

/// How a surname stands in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before<'t> {
    /// Nothing capitalised before it.
    Bare,
    /// A title (`Mr`, `Gen`, `President`).
    Title(&'t str),
    /// Another capitalised word: a first name, most often.
    First(&'t str),
}

/// One place a spelling is used.
#[derive(Debug, Clone, Copy)]
struct Occurrence<'t> {
    start: usize,
    end: usize,
    before: Before<'t>,
    quoted: bool,
    /// Sentence-initial and bare: it may be a common word.
    doubtful: bool,
    /// Bare, after an article or a possessive (`a Saudi woman`, `the Status of`): a common
    /// word or an adjective more often than a surname.
    determined: bool,
}

/// A spelling of the story and where it is used.
#[derive(Debug)]
struct Spelling<'t> {
    text: &'t str,
    /// Lower case, without diacritics.
    folded: String,
    occurrences: Vec<Occurrence<'t>>,
}

impl<'t> Spelling<'t> {
    fn count(&self) -> usize {
        self.occurrences.len()
    }

    fn firsts(&self) -> impl Iterator<Item = &'t str> + '_ {
        self.occurrences.iter().filter_map(|o| match o.before {
            Before::First(f) => Some(f),
            _ => None,
        })
    }

    fn titles(&self) -> impl Iterator<Item = &'t str> + '_ {
        self.occurrences.iter().filter_map(|o| match o.before {
            Before::Title(t) => Some(t),
            _ => None,
        })
    }

    /// Where the story first names it in full (first name and surname), if it does.
    fn first_full(&self) -> Option<usize> {
        self.occurrences.iter().find(|o| matches!(o.before, Before::First(_))).map(|o| o.start)
    }

    /// Always after an article or a possessive: no surname.
    fn determined(&self) -> bool {
        self.occurrences.iter().all(|o| o.determined)
    }

    /// Used somewhere as a surname for sure: not only as a bare word at a sentence start.
    fn seen(&self) -> bool {
        self.occurrences.iter().any(|o| !o.doubtful)
    }
}

pub(crate) fn check(a: &Analysis, cfg: &Config, out: &mut Vec<Finding>) {
    let spellings = collect(a);
    if spellings.len() < 2 {
        return;
    }
    // Candidate pairs: spellings one deletion apart on each side share a key (the folded
    // spelling with one character taken out, or the whole folded spelling). Names differ neither
    // in their first letter nor in their last but for a final `e` ([`alike`]): those deletions
    // are not made. Two spellings that are never named (no first name, no title) are never tied
    // ([`tied`]) unless they differ only in diacritics: the named ones go first and leave their
    // keys, the others only look theirs up, and only the whole spelling is left by every one.
    let named: Vec<bool> = spellings.iter().map(|s| s.occurrences.iter().any(|o| o.before != Before::Bare)).collect();
    let mut keys: FxHashMap<u64, u32> = FxHashMap::default();
    keys.reserve(spellings.iter().enumerate().map(|(k, s)| if named[k] { s.folded.len() } else { 1 }).sum());
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut buf = [0u8; MAX_BYTES];
    for pass in [true, false] {
        for (id, s) in spellings.iter().enumerate().filter(|(k, _)| named[*k] == pass) {
            let f = s.folded.as_bytes();
            let mut visit = |key: u64, leave: bool| {
                if leave {
                    match keys.entry(key) {
                        std::collections::hash_map::Entry::Occupied(e) => pairs.push((*e.get(), id as u32)),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(id as u32);
                        }
                    }
                } else if let Some(&other) = keys.get(&key) {
                    pairs.push((other, id as u32));
                }
            };
            visit(hash(f), true);
            let last = s.folded.char_indices().next_back().map_or(0, |(i, _)| i);
            for (i, c) in s.folded.char_indices().skip(1) {
                if i == last && c != 'e' {
                    continue;
                }
                let n = c.len_utf8();
                buf[..i].copy_from_slice(&f[..i]);
                buf[i..f.len() - n].copy_from_slice(&f[i + n..]);
                visit(hash(&buf[..f.len() - n]), pass);
            }
        }
    }
    pairs.retain(|(x, y)| x != y);
    for p in &mut pairs {
        *p = (p.0.min(p.1), p.0.max(p.1));
    }
    if pairs.is_empty() {
        return;
    }
    pairs.sort_unstable();
    pairs.dedup();
    // For each spelling, the story's main spelling it should be: the highest-ranked partner.
    // The reporter's own spelling first: a spelling used only in quotations is not the story's.
    let rank = |s: &Spelling| {
        (
            s.occurrences.iter().filter(|o| !o.quoted).count(),
            s.count(),
            std::cmp::Reverse(s.first_full().unwrap_or(usize::MAX)),
            std::cmp::Reverse(s.occurrences[0].start),
        )
    };
    let mut main_of: Vec<Option<u32>> = vec![None; spellings.len()];
    // Per spelling, computed when first needed: its rank, and whether it is a common word or a
    // glossary name.
    let mut ranks = vec![None; spellings.len()];
    let mut lower_case: Vec<Option<bool>> = vec![None; spellings.len()];
    let mut glossary: Vec<Option<bool>> = vec![None; spellings.len()];
    // The glossary's names and their last words in lower case, built when first needed.
    let glossary_names = std::cell::OnceCell::new();
    for &(x, y) in &pairs {
        let (x, y) = (x as usize, y as usize);
        // The spellings themselves first: most candidate pairs end here.
        if !alike(&spellings[x].folded, &spellings[y].folded) {
            continue;
        }
        let rx = *ranks[x].get_or_insert_with(|| rank(&spellings[x]));
        let ry = *ranks[y].get_or_insert_with(|| rank(&spellings[y]));
        let (main, minor, rm) = if rx >= ry { (x, y, rx) } else { (y, x, ry) };
        let (sm, sn) = (&spellings[main], &spellings[minor]);
        if !misspelling(sm, sn) {
            continue;
        }
        // The glossary first: a set lookup, where the lower-case test searches the whole text.
        let mut known = |k: usize| {
            *glossary[k].get_or_insert_with(|| glossary_names.get_or_init(|| glossary_set(cfg)).contains(&spellings[k].text.to_lowercase()))
        };
        if known(main) || known(minor) {
            continue;
        }
        let mut lower = |k: usize| *lower_case[k].get_or_insert_with(|| in_lower_case(&a.prose.mask, &spellings[k].folded));
        if sm.folded != sn.folded && (lower(main) || lower(minor)) {
            continue;
        }
        if main_of[minor].is_none_or(|m| ranks[m as usize].is_some_and(|r| r < rm)) {
            main_of[minor] = Some(main as u32);
        }
    }
    for (minor, main) in main_of.iter().enumerate() {
        let Some(main) = *main else { continue };
        // A main spelling that is itself flagged against another: leave the chain alone.
        if main_of[main as usize].is_some() {
            continue;
        }
        report(a, &spellings[minor], &spellings[main as usize], out);
    }
}

/// Is `minor` a misspelling of `main` (ranked at least as high)?
fn misspelling(main: &Spelling, minor: &Spelling) -> bool {
    // A spelling seen only as a bare word at a sentence start may be a common word: it is the
    // story's spelling of nothing, though it may be a misspelling of a name the story gives.
    if !main.seen() || minor.occurrences.iter().all(|o| o.quoted) || main.determined() || minor.determined() {
        return false;
    }
    let (a, b) = (main.folded.as_str(), minor.folded.as_str());
    let diacritics_only = a == b;
    if diacritics_only && main.text.to_lowercase() == minor.text.to_lowercase() {
        return false; // a case difference, not a spelling
    }
    if !diacritics_only {
        // Names are rarely misspelled in their first letter, and common words one letter from a
        // name (`Hence`, `Pence`) mostly differ there.
        if a.chars().next() != b.chars().next() || !near(a, b) || is_ending(a, b) || is_ending(b, a) {
            return false;
        }
        // Nor in their last letter, where words change into other words (`Marco`, `March`;
        // `German`, `Germany`; `Latin`, `Latino`), but for a final `e` (`Forsyth`, `Forsythe`)
        // when the same first name or title comes with both.
        if a.chars().last() != b.chars().last() {
            let final_e = (a.strip_suffix('e') == Some(b) || b.strip_suffix('e') == Some(a)) && shared_name(main, minor);
            if !final_e {
                return false;
            }
        }
        // A misspelling seen only at sentence starts, against a name used once: too little to go on.
        if !minor.seen() && main.count() < 2 {
            return false;
        }
        // Two spellings both used more than once, as often as each other: two people.
        if minor.count() > 1 && minor.count() * 2 > main.count() {
            return false;
        }
        if !tied(main, minor) {
            return false;
        }
    }
    // Then (in `check`): not a word the story also writes in lower case (`States`, `status`), a
    // common word; not a name the glossary knows, which is inconsistent-name's.
    true
}

/// Could the two folded spellings be one name: the same but for diacritics, or one or two slips
/// apart (not in the first letter; in the last only for a final `e`), and not a plural or an
/// adjective of each other?
fn alike(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    a.chars().next() == b.chars().next()
        && (a.chars().last() == b.chars().last() || a.strip_suffix('e') == Some(b) || b.strip_suffix('e') == Some(a))
        && near(a, b)
        && !is_ending(a, b)
        && !is_ending(b, a)
}

/// The glossary's names and their last words (`nasrullah` of `Hassan Nasrullah`), in lower
/// case: a spelling is a glossary name when its lower case is in this set.
fn glossary_set(cfg: &Config) -> rustc_hash::FxHashSet<String> {
    let mut set = rustc_hash::FxHashSet::default();
    for n in cfg.glossary.entities.iter().flat_map(|e| e.names()) {
        set.insert(n.to_lowercase());
        if let Some(last) = n.rsplit([' ', '-']).next() {
            set.insert(last.to_lowercase());
        }
    }
    set
}

/// Does the story tie the two spellings to one person?
fn tied(main: &Spelling, minor: &Spelling) -> bool {
    if shared_name(main, minor) {
        return true;
    }
    // Each with first names of its own: two people (`Ben Carson`, `Tucker Carlson`).
    if main.firsts().next().is_some() && minor.firsts().next().is_some() {
        return false;
    }
    // `Mr` for one, `Ms` for the other.
    let gender = |s: &Spelling, list: &[&str]| s.titles().any(|t| list.contains(&t));
    if (gender(main, MALE) && gender(minor, FEMALE)) || (gender(main, FEMALE) && gender(minor, MALE)) {
        return false;
    }
    // A full name or a title on one side; on the other, anything: `Diane Abbott` … `Ms Abbot`,
    // `Eric Schneiderman` … `Scheiderman, a Democrat`. Two bare words (`Iran`, `Iraq`) are
    // never tied.
    let named = |s: &Spelling| s.occurrences.iter().any(|o| o.before != Before::Bare);
    named(main) || named(minor)
}

/// The same first name or the same title before both spellings somewhere.
fn shared_name(main: &Spelling, minor: &Spelling) -> bool {
    main.firsts().any(|f| minor.firsts().any(|g| g == f)) || main.titles().any(|t| minor.titles().any(|u| u == t))
}

/// Does the story write `folded` (lower case) as a word of its own, in lower case?
fn in_lower_case(mask: &str, folded: &str) -> bool {
    let bytes = mask.as_bytes();
    memchr::memmem::find_iter(bytes, folded.as_bytes()).any(|i| {
        let before = mask[..i].chars().next_back();
        let after = mask[i + folded.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Is `long` `short` plus an ending that makes another word (`Russian`, `Clintons`)?
fn is_ending(long: &str, short: &str) -> bool {
    long.len() == short.len() + 1 && long.starts_with(short) && long.ends_with(ENDINGS)
}

/// Are the two (different) folded spellings the same name mistyped: one letter inserted,
/// dropped, doubled or changed, or two neighbours swapped; in a long name (9 letters or more),
/// two such slips (`Stephanopoulos`, `Stephanopolous`)?
fn near(a: &str, b: &str) -> bool {
    match strsim::osa_distance(a, b) {
        1 => true,
        2 => a.chars().count().min(b.chars().count()) >= LONG,
        _ => false,
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    bytes.hash(&mut h);
    h.finish()
}

/// Lower case, without diacritics (`Erdoğan` → `erdogan`).
fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The surnames of the story, each spelling with its occurrences, in order of first use: the
/// words the analysis kept per part (the language server's), or those of the whole text.
fn collect<'t>(a: &Analysis<'t>) -> Vec<Spelling<'t>> {
    match &a.name_words {
        Some(words) => join(a, words),
        None => join(a, &Words::collect(a.text(), &a.prose.mask, &a.prose.blocks, &a.quotes.quotes)),
    }
}

/// The words as spellings of `a`'s text: none in a German story; none that is (part of) a name
/// of the glossary, which is `inconsistent-name`'s.
fn join<'t>(a: &Analysis<'t>, words: &Words) -> Vec<Spelling<'t>> {
    if words.german() {
        return Vec::new();
    }
    let text = a.text();
    let mentions = &a.names.mentions;
    let mut mention = 0;
    let mut index: FxHashMap<&'t str, usize> = FxHashMap::default();
    let mut spellings: Vec<Spelling<'t>> = Vec::new();
    for o in words.occurrences() {
        while mentions.get(mention).is_some_and(|m| m.end <= o.start) {
            mention += 1;
        }
        if mentions.get(mention).is_some_and(|m| m.start < o.end) {
            continue; // a glossary name
        }
        let before = match o.before {
            BeforeAt::Bare => Before::Bare,
            BeforeAt::Title(s, e) => Before::Title(&text[s..e]),
            BeforeAt::First(s, e) => Before::First(&text[s..e]),
        };
        let s = &text[o.start..o.end];
        let k = *index.entry(s).or_insert_with(|| {
            spellings.push(Spelling { text: s, folded: fold(s), occurrences: Vec::new() });
            spellings.len() - 1
        });
        let (start, end, quoted, doubtful, determined) = (o.start, o.end, o.quoted, o.doubtful, o.determined);
        spellings[k].occurrences.push(Occurrence { start, end, before, quoted, doubtful, determined });
    }
    spellings.retain(|s| s.folded.len() <= MAX_BYTES);
    spellings
}

fn report(a: &Analysis, minor: &Spelling, main: &Spelling, out: &mut Vec<Finding>) {
    let text = a.text();
    let related: Vec<Related> = main
        .occurrences
        .iter()
        .take(MAX_RELATED)
        .map(|o| Related {
            start: o.start,
            end: o.end,
            message: format!("spelled “{}” here{}", main.text, if o.quoted { " (in a quotation)" } else { "" }),
        })
        .collect();
    let full = main.occurrences.iter().find_map(|o| match o.before {
        Before::First(f) => Some(format!(", as in “{} {}”", f, main.text)),
        _ => None,
    });
    let times = match main.count() {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{} times", n),
    };
    for o in minor.occurrences.iter().filter(|o| !o.quoted) {
        let found = &text[o.start..o.end];
        out.push(Finding {
            rule: super::Rule::NameSpelling,
            severity: Severity::Warning,
            start: o.start,
            end: o.end,
            message: format!(
                "“{}” is spelled “{}” elsewhere in this story ({}{}): one name, one spelling.",
                found,
                main.text,
                times,
                full.as_deref().unwrap_or("")
            ),
            related: related.clone(),
            fixes: vec![Fix {
                title: format!("Replace “{}” with “{}”", found, main.text),
                edits: vec![Edit { start: o.start, end: o.end, new_text: main.text.to_string() }],
            }],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, fix_all, Config, Finding, Markup, Rule};

    fn findings(text: &str) -> Vec<Finding> {
        check(text, Markup::Plain, &Config::default()).into_iter().filter(|f| f.rule == Rule::NameSpelling).collect()
    }

    /// The flagged words and what the fix writes instead.
    fn flagged(text: &str) -> Vec<(String, String)> {
        findings(text).iter().map(|f| (text[f.start..f.end].to_string(), f.fixes[0].edits[0].new_text.clone())).collect()
    }

    fn pair(a: &str, b: &str) -> Vec<(String, String)> {
        vec![(a.to_string(), b.to_string())]
    }

    const HEAD: &str = "Council votes on the budget\n\n";

    #[test]
    fn a_dropped_letter_after_a_full_name_is_flagged_with_related_places_and_a_fix() {
        let text = format!(
            "{HEAD}Attorney General Eric Schneiderman sued the bank on Monday. Scheiderman, a Democrat, said the case was strong. \
             Schneiderman will speak again on Friday.\n"
        );
        let fs = findings(&text);
        assert_eq!(fs.len(), 1, "{fs:?}");
        let f = &fs[0];
        assert_eq!(&text[f.start..f.end], "Scheiderman");
        assert_eq!(f.fixes[0].edits[0].new_text, "Schneiderman");
        assert_eq!(f.related.len(), 2);
        assert!(f.related.iter().all(|r| &text[r.start..r.end] == "Schneiderman"));
        assert!(f.message.contains("Eric Schneiderman"), "{}", f.message);
        // One round of fixes leaves one spelling and nothing to report.
        let (fixed, _) = fix_all(&text, &check(&text, Markup::Plain, &Config::default()));
        assert!(!fixed.contains("Scheiderman"));
        assert!(findings(&fixed).is_empty());
    }

    #[test]
    fn a_title_and_a_surname_against_the_full_name() {
        let text = format!("{HEAD}President Pranab Mukherjee opened the session. Later, said Mr Mukerjee, the talks would go on.\n");
        assert_eq!(flagged(&text), pair("Mukerjee", "Mukherjee"));
        let text = format!("{HEAD}Commissioner Jacques Barrot arrived late. The delay was not his fault, said Mr Barot.\n");
        assert_eq!(flagged(&text), pair("Barot", "Barrot"));
    }

    #[test]
    fn a_doubled_letter_is_flagged_against_the_form_used_most() {
        let text =
            format!("{HEAD}Labour MP Diane Abbott spoke first. Later Ms Abbot voted against the bill, and Abbott's office confirmed it.\n");
        assert_eq!(flagged(&text), pair("Abbot", "Abbott"));
        let text = format!("{HEAD}Jane Chadha, the mayor, opened the bridge. The mayor, Ms Chada, then left. Chadha returns on Monday.\n");
        assert_eq!(flagged(&text), pair("Chada", "Chadha"));
    }

    #[test]
    fn a_club_name_with_one_letter_changed() {
        let text =
            format!("{HEAD}Real Sociedad won on Sunday. The coach of Real Socieded said the team was tired, and Real Sociedad rested.\n");
        assert_eq!(flagged(&text), pair("Socieded", "Sociedad"));
    }

    #[test]
    fn swapped_letters_and_two_slips_in_a_long_name() {
        let text =
            format!("{HEAD}The singer Anthony Kiedis spoke on the radio. He said the album was done, Keidis added, and Kiedis smiled.\n");
        assert_eq!(flagged(&text), pair("Keidis", "Kiedis"));
        let text = format!(
            "{HEAD}The host, George Stephanopoulos, asked twice. The candidate told Stephanopolous that he would stay. \
             Stephanopoulos moved on.\n"
        );
        assert_eq!(flagged(&text), pair("Stephanopolous", "Stephanopoulos"));
    }

    #[test]
    fn a_final_e_with_the_same_first_name() {
        let text = format!("{HEAD}Mark Forsyth chairs the panel. On Tuesday Mark Forsythe said the report was late, and Forsyth agreed.\n");
        assert_eq!(flagged(&text), pair("Forsythe", "Forsyth"));
    }

    #[test]
    fn diacritics_dropped() {
        let text = format!("{HEAD}The minister, Zoltán Kovács, was in Vienna. Officials said Kovacs left early. Kovács denied it.\n");
        assert_eq!(flagged(&text), pair("Kovacs", "Kovács"));
    }

    #[test]
    fn never_inside_a_quotation() {
        // The minority spelling only in the speaker's words: nothing to fix.
        let text = format!("{HEAD}Commissioner Jacques Barrot arrived late. “Mr Barot is never on time,” his deputy said. Barrot left.\n");
        assert_eq!(flagged(&text), vec![]);
        // A spelling used only in quotations is not the story's, however often it is quoted.
        let text =
            format!("{HEAD}“Brazille will decide. Brazille knows,” the aide said of the chair. Donna Brazile, the chair, said nothing.\n");
        assert_eq!(flagged(&text), vec![]);
    }

    #[test]
    fn silent_on_people_who_share_or_nearly_share_a_surname() {
        for text in [
            "Bill Clinton and Hillary Clinton campaigned together. Clinton spoke first.\n",
            "Ben Carson met the host Tucker Carlson on Monday. Carson said little, and Carlson asked twice.\n",
            // Two people with names that differ in a way that changes the name.
            "Ann Miller chairs the board. Anne Millar, her rival, runs the fund. Miller said no.\n",
            "Jon Hanley met John Hardy on Monday. Hanley said the deal was done.\n",
            // Mr and Ms: two people.
            "Mr Kowalski met Ms Kowalsky on Friday.\n",
            // Both used often: two people.
            "Tom Larson and Ella Larsen spoke. Larson said yes. Larsen said no. Larson left. Larsen stayed.\n",
        ] {
            assert_eq!(flagged(&format!("{HEAD}{text}")), vec![], "{text}");
        }
    }

    #[test]
    fn silent_on_possessives_plurals_adjectives_and_common_words() {
        for text in [
            "Senator Bob Menendez spoke. The Menendezs were absent, and Menendez's office said nothing.\n",
            "Officials in Russia and Russian diplomats met Israel and Israeli envoys in Syria and Syrian towns.\n",
            "Iran and Iraq signed the accord. Later Iraq and Iran met again.\n",
            "The Status of Refugees convention binds the Member States, and the states must act.\n",
            "Mike Pence spoke. Hence the delay.\n",
            "Ambassador Marco Rubio arrived in March with Governor Germany of East German descent.\n",
            "A Saudi woman spoke to Nouha Saoudi on Monday.\n",
            "The Latino vote and Latin music were the themes of the night, Maria Latino said.\n",
        ] {
            assert_eq!(flagged(&format!("{HEAD}{text}")), vec![], "{text}");
        }
    }

    #[test]
    fn silent_on_names_the_glossary_knows_and_in_headlines() {
        // Nasrallah and Nasrullah are one glossary entity: inconsistent-name's business.
        let text = format!("{HEAD}Hassan Nasrallah spoke on Sunday. Nasrallah said the war was over, but Mr Nasrullah did not say when.\n");
        assert_eq!(flagged(&text), vec![]);
        let text = "Mayor Schneiderman Wins Again\n\nThe mayor, Eric Scheiderman, won on Sunday. Scheiderman said so.\n";
        assert_eq!(flagged(text), vec![]);
    }

    #[test]
    fn silent_on_german_nouns() {
        let text = "Schäden im Hafen\n\nDer Schaden war groß, sagte Ralf Meyer. Die Schäden an dem Flughafen sind nicht klein, und die \
                    Firmen mit den Filmen ist es egal. Bürgermeister Meyer sagte, der Schaden sei ein Fall für die Versicherung.\n";
        assert_eq!(flagged(text), vec![]);
    }

    #[test]
    fn short_names_are_never_compared() {
        let text = format!("{HEAD}Anita Hill testified. Later Ms Hall said the hearing was over, and Hill left.\n");
        assert_eq!(flagged(&text), vec![]);
    }

    #[test]
    fn the_first_full_mention_wins_a_tie() {
        let text = format!("{HEAD}Labour MP Diane Abbot spoke first. Later Ms Abbott voted against the bill.\n");
        assert_eq!(flagged(&text), pair("Abbott", "Abbot"));
    }
}

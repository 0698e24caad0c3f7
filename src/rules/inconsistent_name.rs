//! inconsistent-name

use crate::analysis::Analysis;
use crate::config::Config;
use crate::config::NamingMode;
use crate::finding::{Edit, Finding, Fix, Related, Severity};
use crate::names::{EntityUse, Mention};

rule_doc! {
    /// # inconsistent-name
    ///
    /// Finds one entity named two or more ways in one story: `ISIS` here, `ISIL` there,
    /// `Islamic state` in a third place.
    ///
    /// ## Why an editor cares
    /// One story, one name. Readers take two names for two organisations. A story that uses one
    /// name throughout is consistent, whatever the name: which name a paper prefers is house
    /// style, which a desk turns on.
    ///
    /// ## How it decides
    /// The glossary groups names into entities (ISIS = ISIL = IS = IG = Islamic State = Daesh).
    /// By default (`[naming] mode = "story"`) the story's own form is the one its first
    /// reference defines (`Islamic State (ISIS)`), else the form it uses most in the reporter's
    /// words (the first one on a tie). A full name and its short form count as one form: the
    /// glossary's pair, a short form made of the full name's initials (`ISIL`, `NATO`), or a
    /// person's surname. Spellings of one form are one form: `Opec` and `OPEC`, `U.N.` and
    /// `UN`, `Isis` and `ISIS`, `Organisation` and `Organization`, `Defence` and `Defense`.
    /// Only the minority forms are flagged, against the story's own. Case variants count
    /// (`Islamic state` for `Islamic State`), except a capital first letter, text in all
    /// capitals and a headline's capitals. Acronyms match only in capitals (`IS`, never the
    /// verb "is"), and ambiguous ones (`IS`, `IG`, `WHO`, `Isis`) only when the story also names
    /// the entity another way. First-reference definitions are not inconsistencies:
    /// `Islamic State (ISIS)`, `ISIL (formerly ISIS)`, `also known as Daesh`.
    ///
    /// House style (`mode = "house"`) holds every story to the glossary's preferred names, and
    /// `[naming.prefer]` entries, or a style book's preset (`preset = "ap"`, `"reuters"`,
    /// `"bbc"`, `"nyt"`), hold their entities to the house's form in any mode; the message then
    /// says "the house style prefers …", and for a renamed place's old name, the year it was
    /// renamed. `mode = "first-use"` makes the first form a story uses its form.
    ///
    /// ## Never inside a quotation
    /// Words inside a direct quotation are the speaker's and are never rewritten: a quotation
    /// whose form differs from the story's gets one information note per form, without a fix,
    /// and none when the story itself introduces that form (`also known as ISIL`). A quotation
    /// that is nothing but the name in the reporter's sentence (`the group, “Islamic state” to
    /// some,`) is a quoted name and is fixed; one with its own terminal punctuation, a colon or
    /// speech verb before it, an attribution after it, or in dash dialogue is speech. Names
    /// inside 「…」, 『…』, 〝…〞, ＂…＂ and ″…″ are speech too.
    ///
    /// ## Example
    /// ```text
    /// Islamic State (ISIS) fighters retreated. Later, ISIL units regrouped.
    ///                                                 ^^^^ Replace “ISIL” with “ISIS”
    /// ```
    ///
    /// ## Fix
    /// Replace the variant with the story's form: a short form with its short form (`ISIL` →
    /// `ISIS`, `Opec's` → `OPEC's`), a full name with its full name. A short form is never
    /// replaced by a full name in running text (spelling out at first reference is
    /// undefined-acronym's job): with no short form to write, the finding has no fix. A
    /// replacement starts with a capital only at the start of a sentence. Each finding lists the
    /// other places the entity is named (up to 5, every other form first).
}

/// At most this many related places per finding.
pub const MAX_RELATED: usize = 5;

pub(crate) fn check(a: &Analysis, cfg: &Config, out: &mut Vec<Finding>) {
    for u in &a.names.uses {
        let entity = &cfg.glossary.entities[u.entity];
        let story = !u.house && cfg.naming_mode == NamingMode::Story;
        let ms: Vec<&Mention> = u.mentions.iter().map(|&i| &a.names.mentions[i]).collect();
        let places = Places::new(&ms);
        // A place's related message is the same in every finding that lists it: written once.
        let mut related_message: Vec<Option<String>> = vec![None; ms.len()];
        // The first mention in the body, the only one undefined-acronym may spell out: found
        // once, not once per mention (a story of many headings naming the entity was quadratic).
        let first_in_body = u.mentions.iter().copied().find(|&i| !a.names.mentions[i].heading);
        // The forms the story's own definitions introduce, and those a quotation was noted for.
        let mut defined: Vec<String> = Vec::new();
        if story {
            for o in ms.iter().filter(|o| !o.quoted && o.definition) {
                let key = crate::names::form_key(entity, &o.name);
                if !defined.contains(&key) {
                    defined.push(key);
                }
            }
        }
        let mut noted: Vec<String> = Vec::new();
        for (k, m) in ms.iter().enumerate() {
            // A first-reference definition may use several names, but not a miscased one; in
            // house style, not another abbreviation than the house's.
            let wrong_abbreviation = !story && m.introduces_abbreviation && u.short.as_ref().is_some_and(|s| *s != m.name);
            if (m.definition && !m.case_variant && !wrong_abbreviation) || (u.accepts(&m.name) && !m.case_variant) {
                continue;
            }
            // In a quotation, only a form that differs from the story's is worth a note, and not
            // one the story itself introduces (`also known as ISIL and ISIS`); one note per form.
            if story && m.quoted {
                if u.accepts(&m.name) {
                    continue;
                }
                let key = crate::names::form_key(entity, &m.name);
                if defined.contains(&key) || noted.contains(&key) {
                    continue;
                }
                noted.push(key);
            }
            let text = &a.text()[m.start..m.end];
            let target = if m.case_variant && (u.accepts(&m.name) || m.definition) { Some(&*m.name) } else { u.replacement_for(&m.name) };
            let target = target.map(|t| sentence_case(&a.prose.mask, m.start, t));
            if target.as_deref() == Some(text) {
                continue;
            }
            // A variant acronym at first reference (`ISIL fighters…`): undefined-acronym's
            // spell-out, `Islamic State (ISIS)`, replaces it, so one round of fixes is final.
            if !m.quoted && first_in_body == Some(u.mentions[k]) && super::undefined_acronym::spells_out(a, cfg, u, u.mentions[k]) {
                continue;
            }
            // The other places the entity is named: every other form first, then the rest, up
            // to MAX_RELATED (a long manuscript may name it thousands of times).
            let (others, same) = places.get(&m.name);
            let mut order: Vec<usize> = others.to_vec();
            order.extend(same.iter().copied().filter(|&j| j != k).take(MAX_RELATED - order.len()));
            order.sort_unstable();
            let related: Vec<Related> = order
                .into_iter()
                .map(|j| {
                    let o = ms[j];
                    let message = related_message[j]
                        .get_or_insert_with(|| {
                            format!(
                                "{} also named “{}” here{}",
                                entity.preferred,
                                &a.text()[o.start..o.end],
                                if o.quoted { " (in a quotation)" } else { "" }
                            )
                        })
                        .clone();
                    Related { start: o.start, end: o.end, message }
                })
                .collect();
            let what = kind_phrase(entity.kind.as_str(), &entity.preferred);
            let label = label(u, target.as_deref());
            let old_name = entity.renamed.filter(|_| *m.name != *entity.preferred && Some(&*m.name) != entity.abbreviation.as_deref());
            let preference = if let (true, Some(year)) = (u.house, old_name) {
                format!("it was renamed in {year}, and the house style prefers “{label}”")
            } else if u.house {
                format!("the house style prefers “{label}”")
            } else if story && !u.full_written {
                let short = u.short.as_deref().unwrap_or(&u.preferred);
                format!("this story calls it “{short}” (in full, “{}”)", u.preferred)
            } else if story {
                format!("this story calls it “{label}”")
            } else {
                format!("this story calls it “{label}” ({})", u.source)
            };
            if m.quoted {
                out.push(Finding {
                    rule: super::Rule::InconsistentName,
                    severity: Severity::Information,
                    start: m.start,
                    end: m.end,
                    message: format!(
                        "“{text}” names {what}; {preference}. It is inside a quotation, so the speaker's words stay as they are."
                    ),
                    related,
                    fixes: Vec::new(),
                });
            } else {
                let fixes = match target {
                    Some(target) => vec![Fix {
                        title: format!("Replace “{}” with “{}”", text, target),
                        edits: vec![Edit { start: m.start, end: m.end, new_text: target }],
                    }],
                    None => Vec::new(),
                };
                let tail = if m.case_variant && u.accepts(&m.name) {
                    "the name is written with other capitals"
                } else if u.house && old_name.is_some() {
                    "the old name, right for its time"
                } else {
                    "one story, one name"
                };
                out.push(Finding {
                    rule: super::Rule::InconsistentName,
                    severity: Severity::Warning,
                    start: m.start,
                    end: m.end,
                    message: format!("“{text}” names {what}; {preference}: {tail}."),
                    related,
                    fixes,
                });
            }
        }
    }
}

/// For each form of the entity, the first MAX_RELATED places named by another form and the first
/// MAX_RELATED + 1 places named by that form: what the related list of any finding draws from,
/// gathered in one pass so that a manuscript naming the entity thousands of times costs linear time.
struct Places<'m> {
    names: Vec<(&'m str, Vec<usize>, Vec<usize>)>,
}

impl<'m> Places<'m> {
    fn new(ms: &[&'m Mention]) -> Self {
        let mut names: Vec<(&'m str, Vec<usize>, Vec<usize>)> = Vec::new();
        for m in ms {
            if !names.iter().any(|(n, _, _)| *n == m.name) {
                names.push((&*m.name, Vec::new(), Vec::new()));
            }
        }
        for (j, m) in ms.iter().enumerate() {
            let mut all_full = true;
            for (n, others, same) in names.iter_mut() {
                if *n == m.name {
                    if same.len() <= MAX_RELATED {
                        same.push(j);
                    }
                } else if others.len() < MAX_RELATED {
                    others.push(j);
                }
                all_full &= others.len() >= MAX_RELATED && same.len() > MAX_RELATED;
            }
            if all_full {
                break;
            }
        }
        Places { names }
    }

    fn get(&self, name: &str) -> (&[usize], &[usize]) {
        self.names.iter().find(|(n, _, _)| *n == name).map(|(_, o, s)| (o.as_slice(), s.as_slice())).unwrap_or((&[], &[]))
    }
}

fn kind_phrase(kind: &str, preferred: &str) -> String {
    match kind {
        "person" => format!("the person ({})", preferred),
        "place" => format!("the place ({})", preferred),
        "organization" => format!("the organization ({})", preferred),
        _ => format!("the entity ({})", preferred),
    }
}

/// The form a finding points to: the fix's text with the other form of the pair, or the
/// story's (or the house's) forms when there is no fix.
fn label(u: &EntityUse, target: Option<&str>) -> String {
    let full = u.full_fix.then_some(u.preferred.as_str());
    match (target, full, u.short.as_deref()) {
        (Some(t), Some(f), Some(s)) if t == s => format!("{t}” / “{f}"),
        (Some(t), _, Some(s)) if t != s => format!("{t}” / “{s}"),
        (Some(t), _, _) => t.to_string(),
        (None, Some(f), Some(s)) => format!("{f}” / “{s}"),
        (None, Some(f), None) => f.to_string(),
        (None, None, Some(s)) => s.to_string(),
        (None, None, None) => u.preferred.clone(),
    }
}

/// The replacement in the case its place in the sentence wants: a capital first letter at the
/// start of a sentence (`Al-Qaeda claimed…`), the form as it is elsewhere (`blamed al-Qaeda`).
pub(crate) fn sentence_case(mask: &str, start: usize, target: &str) -> String {
    let first = target.chars().next();
    match first {
        Some(c) if c.is_lowercase() && at_sentence_start(mask, start) => c.to_uppercase().collect::<String>() + &target[c.len_utf8()..],
        _ => target.to_string(),
    }
}

/// Does a sentence start at `start`: nothing before it in its paragraph but opening marks and
/// white space, or a full stop, question or exclamation mark before them?
fn at_sentence_start(mask: &str, start: usize) -> bool {
    let mut newline = false;
    for c in mask[..start].chars().rev() {
        if c == '\n' {
            // A blank line ends a paragraph; one line break may be a wrapped line.
            if newline {
                return true;
            }
            newline = true;
            continue;
        }
        if c.is_whitespace() || matches!(c, '“' | '"' | '‘' | '\'' | '«' | '„' | '(' | '[' | '—' | '–' | '*' | '_' | '#' | '>') {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | '…');
    }
    true
}

//! undefined-acronym

use crate::analysis::Analysis;
use crate::config::Config;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::glossary::is_acronym;
use crate::names::EntityUse;

rule_doc! {
    /// # undefined-acronym
    ///
    /// Finds a glossary acronym used in the body of a story before the story spells it out.
    ///
    /// ## Why an editor cares
    /// Readers meet the name before the letters: `Islamic State (ISIS)` at first reference, or
    /// the full name first and the short form alone later (AP style). Both conventions count as
    /// spelled out.
    ///
    /// ## What it skips
    /// Headlines and subheads (acronyms are fine there; a plain story's title-case first line is
    /// its headline), acronyms every reader knows (those marked `spell_out = false` in the
    /// glossary, such as NATO or FBI), acronyms whose first use is inside a quotation (the
    /// speaker's words cannot be changed) or is a scare-quoted name. By default (consistency
    /// inside the story) it reports only an acronym the story spells out later, after using
    /// it; that a story must spell out an acronym it never expands is house style
    /// (`[naming] mode = "house"`).
    ///
    /// ## Example
    /// ```text
    /// ISIS fighters retreated from the town on Sunday. Islamic State commanders fled.
    /// ^^^^ Spell out at first reference: “Islamic State (ISIS)”
    /// ```
    ///
    /// ## Fix
    /// Expand the first use to the entity's first-reference form. When the first use is
    /// another acronym of the entity (`ISIL` where the story says `ISIS`), the fix writes the
    /// story's form at once, `Islamic State (ISIS)`, and this is the one finding on that word.
    /// No fix where the acronym is part of a longer word (`ISIS-inspired`, `ISIS's`,
    /// `anti-ISIS`): the spell-out would break it. No spell-out is offered that would not read
    /// as a definition afterwards (a project glossary name with Markdown syntax in it, for
    /// instance).
}

pub(crate) fn check(a: &Analysis, cfg: &Config, out: &mut Vec<Finding>) {
    for u in &a.names.uses {
        let Some(s) = spell_out(a, cfg, u) else { continue };
        let first = &a.names.mentions[s.mention];
        let text = &a.text()[first.start..first.end];
        let message = if text == s.short {
            format!("“{}” is used before the story spells it out: at first reference write “{}”.", text, s.expansion)
        } else {
            format!(
                "“{}” is used before the story spells it out, and this story calls it “{}”: at first reference write “{}”.",
                text, s.short, s.expansion
            )
        };
        out.push(Finding {
            rule: super::Rule::UndefinedAcronym,
            severity: Severity::Warning,
            start: first.start,
            end: first.end,
            message,
            related: Vec::new(),
            // `ISIS-inspired`, `ISIS's`, `anti-ISIS`: a spell-out there would break the word
            // (`Islamic State (ISIS)-inspired`); the editor rewrites the sentence.
            fixes: if glued(a.text(), first.start, first.end) {
                Vec::new()
            } else {
                vec![Fix {
                    title: format!("Spell out: “{}”", s.expansion),
                    edits: vec![Edit { start: first.start, end: first.end, new_text: s.expansion }],
                }]
            },
        });
    }
}

/// Is the name part of a longer word: a hyphen or an apostrophe against it (`ISIS-inspired`,
/// `ISIS's`, `ISIS'`, `anti-ISIS`)?
fn glued(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].chars().next();
    let before = text[..start].chars().next_back();
    matches!(after, Some('-' | '\'' | '’' | '‐')) || matches!(before, Some('-' | '‐'))
}

/// The spell-out one entity needs: its first mention in the body, an acronym, replaced by the
/// first-reference form.
pub(crate) struct SpellOut {
    /// Index into [`Names::mentions`](crate::names::Names::mentions).
    pub mention: usize,
    /// The story's acronym for the entity (`ISIS`).
    pub short: String,
    /// What replaces the mention: `Islamic State (ISIS)`.
    pub expansion: String,
}

/// The first use of the entity in the body of the story, when it is an acronym the story has not
/// spelled out. A variant acronym (`ISIL` where the story says `ISIS`) is spelled out in the
/// story's form at once, `Islamic State (ISIS)`, so that one round of fixes gives the final
/// text (a rename to `ISIS` would leave an undefined `ISIS` for the next round). No spell-out is
/// offered that the next analysis would not read as a definition (a glossary name with Markdown
/// syntax in it, or one the matcher gives to another entity): fixing it would never end.
pub(crate) fn spell_out(a: &Analysis, cfg: &Config, u: &EntityUse) -> Option<SpellOut> {
    let entity = &cfg.glossary.entities[u.entity];
    if !entity.spell_out {
        return None;
    }
    let &mention = u.mentions.iter().find(|&&i| !a.names.mentions[i].heading)?;
    let first = &a.names.mentions[mention];
    // Consistency inside the story: only an acronym the story spells out later is used before
    // it is spelled out; whether a story must spell out one it never expands is house style.
    if !u.house && cfg.naming_mode == crate::config::NamingMode::Story {
        let ms = &a.names.mentions;
        let later_full = u
            .mentions
            .iter()
            .any(|&i| i > mention && !ms[i].heading && !u.shorts.iter().any(|s| *s == ms[i].name) && !is_acronym(&ms[i].name));
        if !later_full {
            return None;
        }
    }
    if !(is_acronym(&first.name) || u.shorts.iter().any(|s| *s == first.name)) || first.definition || first.quoted {
        return None;
    }
    // A scare-quoted name (`“ISIL”`) stays a name: spelled out, it would become a quotation of
    // several words, the speaker's.
    if a.quotes.at(first.start).is_some() {
        return None;
    }
    // The story's acronym; without one an acronym is renamed to the full name by
    // inconsistent-name, and there is nothing to spell out.
    let short = u.replacement_for(&first.name)?;
    // A full name that pairs with the story's short form, or none is written (`IG` is not the
    // initials of `Islamic State`): a spell-out would start a pair the story does not use.
    if !u.full_fix {
        return None;
    }
    // A story's full form that is an acronym itself (`AA`) has nothing to spell out.
    if !is_acronym(short) || is_acronym(&u.preferred) {
        return None;
    }
    let text = &a.text()[first.start..first.end];
    let expansion = if entity.abbreviation.as_deref() == Some(short) && u.preferred == entity.preferred {
        entity.first_reference_form()
    } else {
        format!("{} ({})", u.preferred, short)
    };
    if expansion == text || !expansion.contains(short) || !reads_as_definition(&expansion, a.markup, cfg, u.entity, short) {
        return None;
    }
    Some(SpellOut { mention, short: short.to_string(), expansion })
}

/// Does undefined-acronym take over the fix of this mention (index into the mentions)? It does
/// for a variant acronym at first reference, which its spell-out replaces: inconsistent-name
/// then reports nothing there, so that one word gets one finding and one fix.
pub(crate) fn spells_out(a: &Analysis, cfg: &Config, u: &EntityUse, mention: usize) -> bool {
    // Only the first mention in the body can be spelled out: ask nothing more of the others.
    u.mentions.iter().copied().find(|&i| !a.names.mentions[i].heading) == Some(mention)
        && cfg.severity(super::Rule::UndefinedAcronym).is_some()
        && !a.prose.suppressions.is_suppressed(super::Rule::UndefinedAcronym.id(), a.names.mentions[mention].start)
        && spell_out(a, cfg, u).is_some_and(|s| s.mention == mention)
}

/// Would `expansion`, analysed on its own, read as a first-reference definition of `entity`:
/// all of it prose, every name in it a name of the entity, all of them one definition, the
/// acronym among them?
fn reads_as_definition(expansion: &str, markup: crate::prose::Markup, cfg: &Config, entity: usize, short: &str) -> bool {
    let mini = crate::analysis::analyze(expansion, markup, cfg);
    let ms = &mini.names.mentions;
    mini.prose.mask == expansion
        && ms.len() >= 2
        && ms.iter().all(|m| m.entity == entity && m.definition && !m.quoted && !m.case_variant)
        && ms.iter().any(|m| m.name == short)
}

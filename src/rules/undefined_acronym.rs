//! undefined-acronym

use crate::finding::{Edit, Finding, Fix, Severity};
use crate::glossary::is_acronym;
use crate::{Analysis, Config};

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
    /// Headlines and subheads (acronyms are fine there), acronyms every reader knows (those
    /// marked `spell_out = false` in the glossary, such as NATO or FBI), and acronyms whose
    /// first use is inside a quotation (the speaker's words cannot be changed).
    ///
    /// ## Example
    /// ```text
    /// ISIS fighters retreated from the town on Sunday.
    /// ^^^^ Spell out at first reference: “Islamic State (ISIS)”
    /// ```
    ///
    /// ## Fix
    /// Expand the first use to the entity's first-reference form.
}

pub(crate) fn check(a: &Analysis, cfg: &Config, out: &mut Vec<Finding>) {
    for u in &a.names.uses {
        let entity = &cfg.glossary.entities[u.entity];
        if !entity.spell_out {
            continue;
        }
        let Some(first) = u.mentions.iter().map(|&i| &a.names.mentions[i]).find(|m| !m.heading) else { continue };
        if !is_acronym(&first.name) || first.definition || first.quoted {
            continue;
        }
        // Only the entity's own abbreviation (or the story's): a variant acronym (ISIL where the
        // story says ISIS) is inconsistent-name's business.
        if entity.abbreviation.as_deref() != Some(first.name.as_str()) && u.short.as_deref() != Some(first.name.as_str()) {
            continue;
        }
        let text = &a.text()[first.start..first.end];
        let short = u.replacement_for(&first.name).to_string();
        let expansion = if entity.abbreviation.as_deref() == Some(short.as_str()) && u.preferred == entity.preferred {
            entity.first_reference_form()
        } else {
            format!("{} ({})", u.preferred, short)
        };
        if expansion == text || !expansion.contains(&short) {
            continue;
        }
        out.push(Finding {
            rule: super::Rule::UndefinedAcronym,
            severity: Severity::Warning,
            start: first.start,
            end: first.end,
            message: format!("“{}” is used before the story spells it out: at first reference write “{}”.", text, expansion),
            related: Vec::new(),
            fixes: vec![Fix {
                title: format!("Spell out: “{}”", expansion),
                edits: vec![Edit { start: first.start, end: first.end, new_text: expansion }],
            }],
        });
    }
}

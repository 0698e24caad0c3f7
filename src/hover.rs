//! Hover cards: what an editor sees when pointing at a name or a quotation.

use crate::analysis::Analysis;
use crate::config::Config;
use crate::glossary::card;
use crate::quotes::QuoteKind;

/// What lies under a byte offset, as Markdown, with the byte range it covers.
pub fn hover(a: &Analysis, cfg: &Config, offset: usize) -> Option<(String, usize, usize)> {
    if let Some((m, u)) = a.names.at(offset) {
        let e = &cfg.glossary.entities[m.entity];
        let mut s = card(e, Some(&format!("{} ({})", u.label(), u.source)));
        let used: Vec<String> = {
            let mut v: Vec<String> =
                u.mentions.iter().map(|&i| a.text()[a.names.mentions[i].start..a.names.mentions[i].end].to_string()).collect();
            v.dedup();
            v.sort();
            v.dedup();
            v
        };
        s.push_str(&format!("\n**Names in this story:** {}\n", used.join(", ")));
        if m.quoted {
            s.push_str("\n*This name is inside a quotation: the speaker's words are never changed.*\n");
        }
        return Some((s, m.start, m.end));
    }
    let q = a.quotes.at(offset)?;
    let top = a.quotes.quotes.iter().find(|t| t.span.depth == 0 && t.span.start <= offset && offset < t.span.end).unwrap_or(q);
    let text = a.text();
    let md = match top.kind {
        QuoteKind::Direct | QuoteKind::Partial if top.attribution.is_some() => match top.attribution {
            Some(att) if att.is_attributed() => {
                let who = att.speaker.map(|(s, e)| text[s..e].to_string()).unwrap_or_else(|| "an unnamed speaker".into());
                let cue = att.cue.map(|(s, e)| format!(" — cue: “{}”", &text[s..e])).unwrap_or_default();
                format!("**Quotation attributed to:** {}{}\n\n*How:* {}\n", who, cue, att.pattern.map(|p| p.describe()).unwrap_or(""))
            }
            _ => "**Unattributed quotation.** No speaker and attribution verb (said, told, according to…) in its sentence, the sentences next to it, or earlier in the paragraph, and no colon or dash lead-in.\n".to_string(),
        },
        QuoteKind::Term => "**Quoted name, title or scare quote** (three words or fewer, or a short Title Case phrase): not a quotation to attribute.\n".into(),
        QuoteKind::Headline => "**Quotation in a headline or subhead:** headlines quote without attributing.\n".into(),
        QuoteKind::Partial => "**Partial quotation** woven into the reporter's sentence: its speaker is the sentence's subject or was named before.\n".into(),
        QuoteKind::Direct => "**Unattributed quotation.**\n".into(),
        QuoteKind::Nested => "**Quotation inside a quotation:** the outer quotation carries the attribution.\n".into(),
    };
    Some((md, top.span.start, top.span.end))
}

//! The analysis of one text: the stages of the core run in order, bottom up. The prose stage
//! masks the text; the glossary's matcher finds the names in the mask; the prose stage, told
//! where the names are, decides the blocks; the quotations are paired, sorted into kinds and
//! attributed; the names are gathered. Every rule and hover read the one [`Analysis`].

use crate::config::Config;
use crate::glossary::Matcher;
use crate::names::Names;
use crate::prose::{Markup, Mask, Prose};
use crate::quotes::Quotes;

/// Everything the core knows about one text, computed once and shared by all rules and hover.
#[derive(Debug, Clone)]
pub struct Analysis<'a> {
    /// The text (read it with [`text`](Self::text); the incremental analysis sets it).
    pub(crate) text: &'a str,
    pub markup: Markup,
    pub prose: Prose,
    pub quotes: Quotes,
    pub names: Names,
    /// The `name-spelling` rule's surnames, when they were collected part by part (the
    /// language server's [`incremental`](crate::incremental) analysis keeps them per part);
    /// `None`: the rule collects them from the whole text.
    pub(crate) name_words: Option<crate::surnames::Words>,
}

impl<'a> Analysis<'a> {
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// Analyses a text: prose, the glossary's names in it, quotations and their attribution, names.
pub fn analyze<'a>(text: &'a str, markup: Markup, cfg: &Config) -> Analysis<'a> {
    let prose = prose(text, markup, cfg.glossary.matcher());
    let quotes = Quotes::analyze(&prose, &cfg.lexicon, cfg.context);
    let names = Names::analyze(&prose, &quotes, cfg);
    Analysis { text, markup, prose, quotes, names, name_words: None }
}

/// The prose stage with the glossary's names: the mask, the matcher over it, then the blocks,
/// which read the names (see [`Prose::with_names`]).
pub(crate) fn prose(text: &str, markup: Markup, matcher: &Matcher) -> Prose {
    let mask = Mask::new(text, markup);
    let names = matcher.find(mask.as_str());
    Prose::with_names(text, mask, Some(names))
}

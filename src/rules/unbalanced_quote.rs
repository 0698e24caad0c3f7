//! unbalanced-quote

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::quotes::Family;

rule_doc! {
    /// # unbalanced-quote
    ///
    /// Finds a quotation mark without its partner: an opening mark never closed, or a closing
    /// mark never opened.
    ///
    /// ## Why an editor cares
    /// A missing mark changes who says what: the reader cannot tell where the speaker's words
    /// end and the reporter's begin.
    ///
    /// ## How marks are paired
    /// “…” "…" «…» »…« „…“ „…” and single ‘…’ '…' inside them, nested to any depth. A quotation
    /// that runs over several paragraphs follows the convention: an opening mark at the start of
    /// each paragraph and a closing mark only at the end of the last; that is balanced.
    /// Apostrophes (`don’t`, `Russia’s`, `parents’`, `’90s`) are not quotation marks, and an
    /// unclosed single mark is never reported (it is most often an apostrophe). Inch marks
    /// after a number (`12" pipe`) are not quotation marks. The finding is reported once, at
    /// the mark.
    ///
    /// ## Example
    /// ```text
    /// “We will win, he said.        ← opening mark never closed
    /// He said we will win.”         ← closing mark never opened
    /// ```
}

pub(crate) fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for s in &a.quotes.strays {
        let family = match s.mark {
            '‘' | '’' | '\'' | '‚' | '‹' | '›' => Family::Single,
            _ => Family::Double,
        };
        if family == Family::Single {
            continue;
        }
        let message = if s.unclosed {
            format!("Opening quotation mark {} is never closed: where do the speaker's words end?", s.mark)
        } else {
            format!("Closing quotation mark {} has no opening mark: where do the speaker's words begin?", s.mark)
        };
        out.push(Finding {
            rule: super::Rule::UnbalancedQuote,
            severity: Severity::Warning,
            start: s.start,
            end: s.end,
            message,
            related: Vec::new(),
            fixes: Vec::new(),
        });
    }
}

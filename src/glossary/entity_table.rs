//! The built-in glossary's entities as the build script prepares them, and as the program
//! reads them back. This file is compiled into both (`build.rs` includes it by path), so the
//! format is written down once.
//!
//! One record per entity, in glossary order, each ended by [`RECORD`]; its fields, in the
//! order of [`Record`], separated by [`FIELD`]. A list is its items, each ended by [`ITEM`];
//! an optional text is empty when absent and `=` then the text when present. The glossary's
//! own text cannot hold these three separators (they are control characters: the build stops
//! if one does), so the program reads every name and note straight from the compiled-in
//! table, with no copy and no parser.

use crate::quotes::lexicon_tables::{split, terminated};

/// Ends an entity's record.
pub const RECORD: char = '\u{1e}';
/// Separates the fields of a record.
pub const FIELD: char = '\u{1f}';
/// Ends an item of a list.
pub const ITEM: char = '\u{1d}';

/// One entity as written in the table: every text borrowed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    pub id: &'a str,
    pub preferred: &'a str,
    pub abbreviation: Option<&'a str>,
    /// A list: read it with [`items`].
    pub aliases: &'a str,
    pub kind: &'a str,
    pub description: &'a str,
    pub first_reference: Option<&'a str>,
    pub notes: &'a str,
    pub case_sensitive: &'a str,
    pub context_required: &'a str,
    pub spell_out: bool,
}

/// The items of a list field.
pub fn items(list: &str) -> impl Iterator<Item = &str> {
    terminated(list, ITEM)
}

/// A list field holding `items`. Panics if an item holds a separator (the build script's check).
/// (The build script writes the table; the program only reads it.)
#[allow(dead_code)]
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for i in items {
        s.push_str(plain(i));
        s.push(ITEM);
    }
    s
}

/// `text`, which must hold no separator.
#[allow(dead_code)]
pub fn plain(text: &str) -> &str {
    assert!(!text.contains([RECORD, FIELD, ITEM]), "the glossary text {text:?} holds a control character (U+001D to U+001F)");
    text
}

impl<'a> Record<'a> {
    /// Appends the record to `out`. The list fields must already be [`list`]s.
    #[allow(dead_code)]
    pub fn write(&self, out: &mut String) {
        let opt = |o: Option<&str>| o.map_or(String::new(), |t| format!("={}", plain(t)));
        let fields = [
            plain(self.id).to_string(),
            plain(self.preferred).to_string(),
            opt(self.abbreviation),
            self.aliases.to_string(),
            plain(self.kind).to_string(),
            plain(self.description).to_string(),
            opt(self.first_reference),
            self.notes.to_string(),
            self.case_sensitive.to_string(),
            self.context_required.to_string(),
            if self.spell_out { "1" } else { "0" }.to_string(),
        ];
        out.push_str(&fields.join(&FIELD.to_string()));
        out.push(RECORD);
    }

    /// Every record of a table, in order; `None` for one not written by [`write`](Self::write).
    pub fn read_all(table: &'a str) -> impl Iterator<Item = Option<Record<'a>>> {
        terminated(table, RECORD).map(Record::read)
    }

    fn read(record: &'a str) -> Option<Record<'a>> {
        let mut f = split(record, FIELD);
        let mut next = || f.next();
        let opt = |t: &'a str| if t.is_empty() { Some(None) } else { t.strip_prefix('=').map(Some) };
        let r = Record {
            id: next()?,
            preferred: next()?,
            abbreviation: opt(next()?)?,
            aliases: next()?,
            kind: next()?,
            description: next()?,
            first_reference: opt(next()?)?,
            notes: next()?,
            case_sensitive: next()?,
            context_required: next()?,
            spell_out: match next()? {
                "1" => true,
                "0" => false,
                _ => return None,
            },
        };
        next().is_none().then_some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let (aliases, notes, none, blank) = (list(["IS", "ISIL"]), list(["a note — with “marks”\nover lines"]), list([]), list([""]));
        let records = [
            Record {
                id: "x",
                preferred: "Islamic State",
                abbreviation: Some("ISIS"),
                aliases: &aliases,
                kind: "organization",
                description: "",
                first_reference: Some("=odd"),
                notes: &notes,
                case_sensitive: &none,
                context_required: &blank,
                spell_out: false,
            },
            Record {
                id: "y",
                preferred: "",
                abbreviation: Some(""),
                aliases: &none,
                kind: "other",
                description: "d",
                first_reference: None,
                notes: &none,
                case_sensitive: &aliases,
                context_required: &none,
                spell_out: true,
            },
        ];
        let mut table = String::new();
        for r in &records {
            r.write(&mut table);
        }
        assert_eq!(Record::read_all(&table).collect::<Option<Vec<_>>>().unwrap(), records);
        assert_eq!(items(records[0].aliases).collect::<Vec<_>>(), ["IS", "ISIL"]);
        assert_eq!(items(records[0].context_required).collect::<Vec<_>>(), [""]);
        assert_eq!(items(records[0].case_sensitive).count(), 0);
    }

    #[test]
    fn the_memchr_splitters_are_the_standard_ones() {
        for s in ["", "a", "\u{1d}", "\u{1d}a", "a\u{1d}", "a\u{1d}b", "\u{1d}\u{1d}", "“x”\u{1d}—\u{1d}y", "a\u{1d}\u{1d}b\u{1d}"] {
            assert_eq!(terminated(s, ITEM).collect::<Vec<_>>(), s.split_terminator(ITEM).collect::<Vec<_>>(), "{s:?}");
            assert_eq!(split(s, ITEM).collect::<Vec<_>>(), s.split(ITEM).collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn a_table_not_written_so_is_refused() {
        let read = |t: &str| Record::read_all(t).collect::<Option<Vec<_>>>().map(|v| v.len());
        assert_eq!(read(""), Some(0));
        assert_eq!(read("id\u{1f}name\u{1e}"), None);
        let mut table = String::new();
        let none = list([]);
        Record {
            id: "x",
            preferred: "X",
            abbreviation: None,
            aliases: &none,
            kind: "other",
            description: "",
            first_reference: None,
            notes: &none,
            case_sensitive: &none,
            context_required: &none,
            spell_out: true,
        }
        .write(&mut table);
        assert_eq!(read(&table), Some(1));
        assert_eq!(read(&(table.clone() + &table)), Some(2));
        assert_eq!(read(&table.replace("\u{1f}1\u{1e}", "\u{1f}yes\u{1e}")), None);
        assert_eq!(read(&table.replace("\u{1e}", "\u{1f}\u{1e}")), None);
    }

    #[test]
    #[should_panic(expected = "control character")]
    fn a_separator_in_the_glossary_stops_the_build() {
        list(["a\u{1d}b"]);
    }
}

//! Reading a BRAT-annotated attribution corpus laid out as PolNeAR is:
//! `text/NAME.txt` and `attributions/NAME_<annotator>.ann`.
//!
//! BRAT offsets are character offsets (Unicode code points) into the text; everything here is
//! converted to byte offsets once, at load time, so the rest of the tool works in the same
//! units as copydesk's spans and findings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A byte range of the article text.
pub type Range = (usize, usize);

/// One annotated attribution event (an `E` line), with its spans as byte ranges.
#[derive(Debug, Clone, Default)]
pub struct Event {
    pub annotator: String,
    /// Content (and Content2) segments; a discontinuous span gives several segments.
    pub content: Vec<Range>,
    pub cue: Vec<Range>,
    pub source: Vec<Range>,
}

impl Event {
    /// The annotation says who said it: a Source and a Cue.
    pub fn attributes(&self) -> bool {
        !self.cue.is_empty() && !self.source.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub events: Vec<Event>,
    /// Content segments of every annotator, whether or not an event uses them.
    pub contents: Vec<Range>,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct LoadStats {
    pub articles: usize,
    pub annotation_files: usize,
    pub articles_without_annotation: usize,
    pub text_bound_annotations: usize,
    /// Annotations whose quoted text differs from the article at the given offsets (after the
    /// code point → byte conversion): should be 0.
    pub text_mismatches: usize,
    pub out_of_range: usize,
    pub discontinuous_spans: usize,
}

/// The article names of a corpus folder, sorted, or an error message for a missing corpus.
pub fn list(root: &Path) -> Result<Vec<String>, String> {
    let text_dir = root.join("text");
    let rd = std::fs::read_dir(&text_dir).map_err(|e| {
        format!(
            "cannot read {}: {e}\n(expected a BRAT corpus folder with text/NAME.txt and attributions/NAME_<annotator>.ann, e.g. ../shared/corpus/polnear-train)",
            text_dir.display()
        )
    })?;
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension().and_then(|x| x.to_str()) == Some("txt")).then(|| p.file_stem()?.to_str().map(str::to_string)).flatten()
        })
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no .txt files in {}", text_dir.display()));
    }
    Ok(names)
}

/// The annotation files of each article: `NAME_<annotator>.ann` → NAME.
pub fn annotation_files(root: &Path) -> BTreeMap<String, Vec<(String, PathBuf)>> {
    let mut map: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(root.join("attributions")) else { return map };
    for e in rd.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) != Some("ann") {
            continue;
        }
        let Some(stem) = p.file_stem().and_then(|s| s.to_str()) else { continue };
        let Some((name, annotator)) = stem.rsplit_once('_') else { continue };
        map.entry(name.to_string()).or_default().push((annotator.to_string(), p.clone()));
    }
    for v in map.values_mut() {
        v.sort();
    }
    map
}

/// Byte offset of every code point index, plus the end.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

pub fn load(name: &str, text: String, files: &[(String, PathBuf)], stats: &mut LoadStats) -> Article {
    let c2b = char_to_byte(&text);
    let mut events = Vec::new();
    let mut contents = Vec::new();
    let mut annotators = Vec::new();
    for (annotator, path) in files {
        let Ok(ann) = std::fs::read_to_string(path) else { continue };
        stats.annotation_files += 1;
        annotators.push(annotator.clone());
        // T id → (type, byte segments)
        let mut spans: BTreeMap<&str, (&str, Vec<Range>)> = BTreeMap::new();
        let mut evs: Vec<&str> = Vec::new();
        for line in ann.lines() {
            let mut cols = line.split('\t');
            let id = cols.next().unwrap_or("");
            let body = cols.next().unwrap_or("");
            if id.starts_with('T') {
                let quoted = cols.next().unwrap_or("");
                let Some((kind, offsets)) = body.split_once(' ') else { continue };
                stats.text_bound_annotations += 1;
                let mut segs = Vec::new();
                let mut bad = false;
                for seg in offsets.split(';') {
                    let mut it = seg.split_whitespace().map(|x| x.parse::<usize>());
                    match (it.next(), it.next()) {
                        (Some(Ok(s)), Some(Ok(e))) if s <= e && e < c2b.len() => segs.push((c2b[s], c2b[e])),
                        _ => bad = true,
                    }
                }
                if bad || segs.is_empty() {
                    stats.out_of_range += 1;
                    continue;
                }
                if segs.len() > 1 {
                    stats.discontinuous_spans += 1;
                }
                // BRAT joins the fragments of a discontinuous span with a space.
                let joined: Vec<&str> = segs.iter().map(|&(s, e)| &text[s..e]).collect();
                if joined.join(" ") != quoted && joined.concat() != quoted {
                    stats.text_mismatches += 1;
                }
                if kind == "Content" {
                    contents.extend(segs.iter().copied());
                }
                spans.insert(id, (kind, segs));
            } else if id.starts_with('E') {
                evs.push(body);
            }
        }
        for body in evs {
            let mut ev = Event { annotator: annotator.clone(), ..Event::default() };
            for (i, arg) in body.split_whitespace().enumerate() {
                let Some((role, tid)) = arg.split_once(':') else { continue };
                if i == 0 {
                    continue; // the trigger: Attribution / Attribution-no-source
                }
                let Some((_, segs)) = spans.get(tid) else { continue };
                let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                match role {
                    "Content" => ev.content.extend(segs),
                    "Cue" => ev.cue.extend(segs),
                    "Source" => ev.source.extend(segs),
                    _ => {}
                }
            }
            if !ev.content.is_empty() {
                events.push(ev);
            }
        }
    }
    if annotators.is_empty() {
        stats.articles_without_annotation += 1;
    }
    stats.articles += 1;
    Article { name: name.to_string(), text, events, contents }
}

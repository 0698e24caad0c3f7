//! `copydesk check`: files in, findings out, fixes written atomically.

use super::output::{self, FileReport};
use super::{CheckArgs, FailOn, Format, MarkupArg};
use crate::config::{Config, ConfigError};
use crate::finding::Severity;
use crate::project;
use crate::prose::Markup;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input: a file on disk, or standard input.
#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    Stdin,
}

pub fn run(args: &CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    // An explicit --config applies everywhere; else each file's nearest copydesk.toml.
    let explicit: Option<Arc<Config>> = match &args.config {
        Some(p) => match project::load_config(p) {
            Ok(c) => Some(Arc::new(c)),
            Err(e) => return config_error(&e),
        },
        None => None,
    };
    let mut configs: HashMap<Option<PathBuf>, Arc<Config>> = HashMap::new();
    let mut config_of = |path: &Path| -> Result<Arc<Config>, ConfigError> {
        if let Some(c) = &explicit {
            return Ok(c.clone());
        }
        let found = project::find_config(path);
        if let Some(c) = configs.get(&found) {
            return Ok(c.clone());
        }
        let c = Arc::new(match &found {
            Some(p) => project::load_config(p)?,
            None => Config::default(),
        });
        configs.insert(found, c.clone());
        Ok(c)
    };

    let mut inputs: Vec<(Input, Arc<Config>)> = Vec::new();
    let mut errors: Vec<(String, String)> = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            let cfg = match config_of(&std::env::current_dir().unwrap_or_default().join("stdin")) {
                Ok(c) => c,
                Err(e) => return config_error(&e),
            };
            inputs.push((Input::Stdin, cfg));
            continue;
        }
        if p.is_dir() {
            let cfg = match config_of(&p.join("x")) {
                Ok(c) => c,
                Err(e) => return config_error(&e),
            };
            let mut files: Vec<PathBuf> = Vec::new();
            for entry in ignore::WalkBuilder::new(p).hidden(true).git_ignore(true).require_git(false).build() {
                match entry {
                    Ok(ent) if ent.file_type().is_some_and(|t| t.is_file()) => {
                        let path = ent.into_path();
                        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                        if cfg.extensions.iter().any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(&ext)) {
                            files.push(path);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push((p.display().to_string(), e.to_string())),
                }
            }
            files.sort();
            for f in files {
                match config_of(&f) {
                    Ok(c) => inputs.push((Input::File(f), c)),
                    Err(e) => return config_error(&e),
                }
            }
        } else if p.exists() {
            match config_of(p) {
                Ok(c) => inputs.push((Input::File(p.clone()), c)),
                Err(e) => return config_error(&e),
            }
        } else {
            errors.push((p.display().to_string(), "no such file or folder".into()));
        }
    }

    let mut stdin_text: Option<String> = None;
    if inputs.iter().any(|(i, _)| matches!(i, Input::Stdin)) {
        // Bounded like a file: `yes | copydesk check -` never ends.
        match project::read_limited(std::io::stdin().lock(), project::MAX_TEXT_BYTES) {
            Err(e) => errors.push((args.stdin_filename.clone(), format!("cannot read standard input: {}", e))),
            Ok(None) => errors.push((
                args.stdin_filename.clone(),
                format!("standard input is larger than the {} MB copydesk reads; not checked", project::MAX_TEXT_BYTES >> 20),
            )),
            Ok(Some(bytes)) => match project::decode(bytes) {
                Ok(t) => stdin_text = Some(t),
                Err(m) => errors.push((args.stdin_filename.clone(), m)),
            },
        }
    }

    if stdin_text.is_none() {
        // Its error is already listed.
        inputs.retain(|(i, _)| !matches!(i, Input::Stdin));
    }

    // One file needs no thread pool (starting one costs more than checking a story).
    let one = |(input, cfg): &(Input, Arc<Config>)| check_one(input, cfg, args, stdin_text.as_deref());
    let results: Vec<Result<FileReport, (String, String)>> =
        if inputs.len() == 1 { inputs.iter().map(one).collect() } else { inputs.par_iter().map(one).collect() };
    let mut reports = Vec::new();
    for r in results {
        match r {
            Ok(rep) => reports.push(rep),
            Err(e) => errors.push(e),
        }
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let rendered = match args.format {
        Format::Human => output::human(&reports, &errors, args.fix),
        Format::Json => output::json(&reports, &errors),
        Format::Sarif => output::sarif(&reports),
        Format::Github => output::github(&reports, &errors),
    };
    let _ = out.write_all(rendered.as_bytes());
    if args.format != Format::Human {
        for (p, m) in &errors {
            eprintln!("copydesk: {}: {}", p, m);
        }
        if !errors.is_empty() {
            eprintln!("copydesk: {}", output::unread_summary(errors.len()));
        }
    }
    if args.fix {
        for r in &reports {
            if let Some(fixed) = &r.stdin_fixed {
                let _ = out.write_all(fixed.as_bytes());
            }
        }
    }
    let _ = out.flush();

    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Information => Some(Severity::Information),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    };
    // An input that could not be read (or fixed) counts as a problem of error severity, as
    // ruff's E902 does: a run with findings and one unreadable file exits 1, like a run with
    // findings alone, and the report's last line says how many inputs failed. Status 2 is
    // left for what stops the whole run: a bad option or a configuration error.
    let failing = threshold.is_some_and(|t| !errors.is_empty() || reports.iter().flat_map(|r| &r.findings).any(|f| f.severity <= t));
    if failing {
        1
    } else {
        0
    }
}

fn config_error(e: &ConfigError) -> i32 {
    eprintln!("copydesk: configuration error: {}", e);
    2
}

fn markup_for(args: &CheckArgs, name: &str) -> Markup {
    match args.markup {
        MarkupArg::Markdown => Markup::Markdown,
        MarkupArg::Plain => Markup::Plain,
        MarkupArg::Auto => Markup::from_path(name),
    }
}

fn check_one(input: &Input, cfg: &Config, args: &CheckArgs, stdin: Option<&str>) -> Result<FileReport, (String, String)> {
    let (name, text) = match input {
        Input::Stdin => {
            (args.stdin_filename.clone(), stdin.ok_or_else(|| (args.stdin_filename.clone(), "no input".to_string()))?.to_string())
        }
        Input::File(p) => {
            let name = p.display().to_string();
            let text = project::read_text(p).map_err(|m| (name.clone(), m))?;
            (name, text)
        }
    };
    let markup = markup_for(args, &name);
    // A long text is analysed in parts, side by side (the same findings as `crate::check`).
    let check = |text: &str| crate::rules::run(&crate::incremental::analyze_parallel(text, markup, cfg), cfg);
    let mut findings = check(&text);
    let mut fixed_count = 0;
    let mut text = text;
    let mut stdin_fixed = None;
    if args.fix && findings.iter().any(|f| !f.fixes.is_empty()) {
        let (new_text, applied) = crate::fix_all(&text, &findings);
        fixed_count = applied.len();
        match input {
            Input::Stdin => stdin_fixed = Some(new_text.clone()),
            Input::File(p) => write_atomically(p, &text, &new_text).map_err(|m| (name.clone(), m))?,
        }
        findings = check(&new_text);
        text = new_text;
    } else if args.fix && matches!(input, Input::Stdin) {
        stdin_fixed = Some(text.clone());
    }
    Ok(FileReport { path: name, text, findings, fixed: fixed_count, stdin_fixed })
}

/// Writes `new` over `path` through a temporary file in the same folder and a rename, after
/// checking the file still holds `old` (it may have been edited since it was read).
///
/// A symbolic link is followed: the file it points to is fixed (the temporary file is made
/// beside that file, so the rename stays on its file system) and the link stays a link. A
/// file with several hard links cannot be replaced by a rename without splitting it (the other
/// names would keep the old text), so it is rewritten in place, through the same inode: the
/// fixed text is first written and synced to a temporary file beside it (a copy that survives
/// a crash in the middle), then over the file, which is synced before the copy is removed.
pub fn write_atomically(path: &Path, old: &str, new: &str) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve before fixing: {}", e))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot re-read before fixing: {}", e))?;
    if meta.permissions().readonly() {
        return Err("is read-only; not fixed".into());
    }
    let current = std::fs::read(&target).map_err(|e| format!("cannot re-read before fixing: {}", e))?;
    if current != old.as_bytes() {
        return Err("changed on disk while being checked; not fixed (run again)".into());
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot write a temporary file beside it: {}", e))?;
    tmp.write_all(new.as_bytes()).and_then(|_| tmp.as_file().sync_all()).map_err(|e| format!("cannot write the fixed text: {}", e))?;
    if hard_links(&meta) > 1 {
        let mut f = std::fs::OpenOptions::new().write(true).open(&target).map_err(|e| format!("cannot open to fix in place: {}", e))?;
        if let Err(e) = f.write_all(new.as_bytes()).and_then(|_| f.set_len(new.len() as u64)).and_then(|_| f.sync_all()) {
            // The file may be half written: the fixed text is kept beside it.
            let kept = tmp.keep().map(|(_, p)| p.display().to_string()).unwrap_or_default();
            return Err(format!("cannot write the fixed text in place: {} (the fixed text is kept in {})", e, kept));
        }
        return Ok(()); // `tmp` is removed as it is dropped.
    }
    let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    tmp.persist(&target).map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}

fn hard_links(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::nlink(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

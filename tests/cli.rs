//! The command line, driven as a user drives it: formats, exit statuses, --fix, configuration
//! errors, folders, standard input, files that are not text.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const STORY: &str = "Islamic State (ISIS) fighters withdrew on Sunday. Later ISIL units regrouped near the border.\n\n“The economy is collapsing under the weight of these sanctions.”\n\n“ISIL will not return to this valley,” the governor said.\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().expect("runs")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn human_output_points_at_the_problem() {
    let d = tmp();
    write(d.path(), "story.md", STORY);
    let o = run(d.path(), &["check", "story.md"]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    assert!(s.contains("story.md:1:57: warning[inconsistent-name]"), "{s}");
    assert!(s.contains("= fix: Replace “ISIL” with “ISIS”"), "{s}");
    assert!(s.contains("story.md:3:1: warning[unattributed-quote] Quotation has no attribution: who said this?"), "{s}");
    assert!(s.contains("information[inconsistent-name]"), "{s}");
    assert!(s.contains("Found 3 problems (0 errors, 2 warnings, 1 information) in 1 file."), "{s}");
}

#[test]
fn json_output_has_the_documented_shape_and_is_deterministic() {
    let d = tmp();
    write(d.path(), "story.md", STORY);
    let a = run(d.path(), &["check", "--format", "json", "story.md"]);
    let b = run(d.path(), &["check", "--format", "json", "story.md"]);
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    let diags = &v["files"][0]["diagnostics"];
    assert_eq!(v["files"][0]["path"], "story.md");
    let first = &diags[0];
    for key in ["rule", "severity", "message", "start", "end", "line", "column", "text", "fixes"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["rule"], "inconsistent-name");
    assert_eq!(first["text"], "ISIL");
    let (s, e) = (first["start"].as_u64().unwrap() as usize, first["end"].as_u64().unwrap() as usize);
    assert_eq!(&STORY[s..e], "ISIL");
    assert_eq!(first["fixes"][0]["edits"][0]["new_text"], "ISIS");
    assert_eq!(first["line"], 1);
    assert_eq!(first["column"], 57);
}

#[test]
fn columns_count_characters_and_offsets_count_bytes() {
    let d = tmp();
    write(d.path(), "ru.txt", "Привет — ISIS (Islamic State).\nЁж ISIL.\n");
    let o = run(d.path(), &["check", "--format", "json", "ru.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["files"][0]["diagnostics"].as_array().unwrap().iter().find(|f| f["text"] == "ISIL").cloned().unwrap();
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 4);
    assert_eq!(f["start"], "Привет — ISIS (Islamic State).\nЁж ".len());
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let d = tmp();
    write(d.path(), "story.md", STORY);
    let o = run(d.path(), &["check", "--format", "sarif", "story.md"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Erratum in the published schema: the `language` patterns are not valid regexes.
    let raw =
        include_str!("data/sarif-2.1.0-rtm.5.json").replace("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    let schema: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "inconsistent-name");
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), copydesk::Rule::ALL.len());
}

#[test]
fn github_annotations() {
    let d = tmp();
    write(d.path(), "story.md", STORY);
    let s = stdout(&run(d.path(), &["check", "--format", "github", "story.md"]));
    assert!(s.contains("::warning file=story.md,line=1,col=57,endLine=1,endColumn=61,title=copydesk inconsistent-name::"), "{s}");
    assert!(s.contains("::notice file=story.md"), "{s}");
}

#[test]
fn fix_applies_safe_fixes_reports_them_and_is_idempotent() {
    let d = tmp();
    let p = write(d.path(), "story.md", STORY);
    let o = run(d.path(), &["check", "--fix", "story.md"]);
    let s = stdout(&o);
    assert!(s.contains("story.md: fixed 1 problem"), "{s}");
    let fixed = std::fs::read_to_string(&p).unwrap();
    assert!(fixed.contains("Later ISIS units"), "{fixed}");
    assert!(fixed.contains("“ISIL will not return to this valley,”"), "quotation untouched: {fixed}");
    let again = run(d.path(), &["check", "--fix", "story.md"]);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), fixed);
    assert!(!stdout(&again).contains("fixed"), "{}", stdout(&again));
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, vec!["story.md".to_string()]);
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_read_only_file_and_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    let ro = write(d.path(), "a.md", STORY);
    let rw = write(d.path(), "b.md", STORY);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(d.path(), &["check", "--fix", "a.md", "b.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("a.md: error: is read-only; not fixed"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), STORY);
    assert!(std::fs::read_to_string(&rw).unwrap().contains("Later ISIS"));
}

#[test]
fn exit_statuses() {
    let d = tmp();
    write(d.path(), "clean.md", "The council met on Tuesday and approved the budget.\n");
    write(d.path(), "info.md", "Islamic State (ISIS) fighters withdrew. “ISIL will be back in this valley,” he said.\n");
    assert_eq!(run(d.path(), &["check", "clean.md"]).status.code(), Some(0));
    assert_eq!(run(d.path(), &["check", "info.md"]).status.code(), Some(0), "information does not fail by default");
    assert_eq!(run(d.path(), &["check", "--fail-on", "information", "info.md"]).status.code(), Some(1));
    // An input that cannot be read counts as an error-severity problem (as ruff's E902).
    assert_eq!(run(d.path(), &["check", "missing.md"]).status.code(), Some(1));
    assert_eq!(run(d.path(), &["check", "--fail-on", "never", "missing.md"]).status.code(), Some(0));
    assert_eq!(run(d.path(), &["check", "--format", "yaml", "clean.md"]).status.code(), Some(2));
}

#[test]
fn broken_configuration_names_file_line_and_problem() {
    let d = tmp();
    write(d.path(), "copydesk.toml", "[rules]\nunattributed-quote = \"loud\"\n");
    write(d.path(), "story.md", STORY);
    let o = run(d.path(), &["check", "story.md"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("copydesk.toml:2:1"), "{err}");
    assert!(err.contains("`loud` is not one of"), "{err}");

    write(d.path(), "copydesk.toml", "[rules\nx = 1\n");
    let err = String::from_utf8(run(d.path(), &["check", "story.md"]).stderr).unwrap();
    assert!(err.contains("copydesk.toml:1:"), "{err}");

    write(d.path(), "copydesk.toml", "[rule]\n");
    let err = String::from_utf8(run(d.path(), &["check", "story.md"]).stderr).unwrap();
    assert!(err.contains("unknown field `rule`"), "{err}");

    write(d.path(), "copydesk.toml", "[glossary]\nfiles = [\"../outside.toml\"]\n");
    let err = String::from_utf8(run(d.path(), &["check", "story.md"]).stderr).unwrap();
    assert!(err.contains("must be inside the project folder"), "{err}");
}

#[test]
fn configuration_found_by_walking_up_and_applied() {
    let d = tmp();
    write(
        d.path(),
        "copydesk.toml",
        "[rules]\nunattributed-quote = \"off\"\ninconsistent-name = \"error\"\n\n[naming.prefer]\nislamic-state = \"ISIL\"\n",
    );
    write(d.path(), "desk/drafts/story.md", STORY);
    let o = run(&d.path().join("desk/drafts"), &["check", "--format", "json", "story.md"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|f| f["rule"] != "unattributed-quote"));
    let isis = diags.iter().find(|f| f["text"] == "ISIS").expect("ISIS is now the variant");
    assert_eq!(isis["severity"], "error");
    assert_eq!(isis["fixes"][0]["edits"][0]["new_text"], "ISIL");
}

#[test]
fn project_glossary_extends_the_built_in_one() {
    let d = tmp();
    write(d.path(), "copydesk.toml", "[glossary]\nfiles = [\"names.toml\"]\n");
    write(
        d.path(),
        "names.toml",
        "[[entity]]\nid = \"harbour-board\"\npreferred = \"Harbour Board\"\nabbreviation = \"HB\"\naliases = [\"Port Authority\"]\nkind = \"organization\"\ndescription = \"The town's port authority.\"\n",
    );
    write(d.path(), "s.md", "The Harbour Board (HB) met. The Port Authority later denied it.\n");
    let v: serde_json::Value = serde_json::from_slice(&run(d.path(), &["check", "--format", "json", "s.md"]).stdout).unwrap();
    assert_eq!(v["files"][0]["diagnostics"][0]["text"], "Port Authority");
    let card = stdout(&run(d.path(), &["glossary", "Port Authority"]));
    assert!(card.starts_with("### Harbour Board (HB)"), "{card}");
}

#[test]
fn folders_respect_gitignore_and_extensions_and_skip_bad_files() {
    let d = tmp();
    std::fs::create_dir_all(d.path().join(".git")).unwrap();
    write(d.path(), ".gitignore", "drafts/old/\n");
    write(d.path(), "drafts/a.md", STORY);
    write(d.path(), "drafts/b.txt", STORY);
    write(d.path(), "drafts/c.rs", STORY);
    write(d.path(), "drafts/old/d.md", STORY);
    std::fs::write(d.path().join("drafts/bad.txt"), b"Caf\xe9 latin-1 text\n").unwrap();
    std::fs::write(d.path().join("drafts/bin.md"), b"\x00\x01\x02binary").unwrap();
    let o = run(d.path(), &["check", "--format", "json", "drafts"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["drafts/a.md", "drafts/b.txt"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().any(|e| e["message"].as_str().unwrap().contains("not valid UTF-8")));
    assert!(errors.iter().any(|e| e["message"].as_str().unwrap().contains("binary")));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 inputs could not be read or fixed"));
}

#[test]
fn standard_input_and_fix_to_stdout() {
    let mut child =
        bin().args(["check", "--fix", "--stdin-filename", "wire.md", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(STORY.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let s = stdout(&o);
    assert!(s.contains("Later ISIS units regrouped"), "{s}");
    assert!(s.contains("wire.md:3:1: warning[unattributed-quote]"), "{s}");
}

#[test]
fn explain_and_glossary_commands() {
    let d = tmp();
    let s = stdout(&run(d.path(), &["explain", "unattributed-quote"]));
    assert!(s.starts_with("# unattributed-quote"), "{s}");
    assert!(s.contains("## Why an editor cares"));
    assert_eq!(run(d.path(), &["explain", "no-such-rule"]).status.code(), Some(2));
    let list = stdout(&run(d.path(), &["explain"]));
    assert_eq!(list.lines().count(), copydesk::Rule::ALL.len());
    let card = stdout(&run(d.path(), &["glossary", "ISIL"]));
    assert!(card.starts_with("### Islamic State (ISIS)"), "{card}");
    assert!(card.contains("**Other names:**"));
    assert_eq!(run(d.path(), &["glossary", "Atlantis Liberation Front"]).status.code(), Some(1));
}

#[test]
fn project_glossary_beside_the_configuration_is_loaded_without_listing() {
    let d = tmp();
    write(d.path(), "copydesk.toml", "");
    write(d.path(), "copydesk-glossary.toml", "[[entity]]\nid = \"islamic-state\"\naliases = [\"Islamic State of Iraq and al-Shaam\"]\n");
    write(d.path(), "s.md", "Islamic State (ISIS) fighters left. The Islamic State of Iraq and al-Shaam returned.\n");
    let v: serde_json::Value = serde_json::from_slice(&run(d.path(), &["check", "--format", "json", "s.md"]).stdout).unwrap();
    assert_eq!(v["files"][0]["diagnostics"][0]["text"], "Islamic State of Iraq and al-Shaam");
}

#[test]
fn hostile_configuration_is_refused_with_a_clear_message() {
    let outside = tmp();
    write(outside.path(), "secret.toml", "[[entity]]\nid = \"x\"\npreferred = \"Secret Thing\"\n");
    let d = tmp();
    write(d.path(), "story.md", STORY);
    let err = |o: &Output| String::from_utf8_lossy(&o.stderr).to_string();
    // `..` and absolute paths.
    for files in ["[\"../secret.toml\"]", &format!("[{:?}]", outside.path().join("secret.toml").display().to_string())] {
        write(d.path(), "copydesk.toml", &format!("[glossary]\nfiles = {files}\n"));
        let o = run(d.path(), &["check", "story.md"]);
        assert_eq!(o.status.code(), Some(2), "{files}");
        assert!(err(&o).contains("inside the project folder"), "{}", err(&o));
    }
    // A symbolic link inside the project that leads outside it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path().join("secret.toml"), d.path().join("linked.toml")).unwrap();
        write(d.path(), "copydesk.toml", "[glossary]\nfiles = [\"linked.toml\"]\n");
        let o = run(d.path(), &["check", "story.md"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("leads outside the project folder"), "{}", err(&o));
    }
    // An enormous glossary file: refused by size before it is parsed.
    let big = std::fs::File::create(d.path().join("huge.toml")).unwrap();
    big.set_len(copydesk::project::MAX_CONFIG_BYTES + 1).unwrap();
    write(d.path(), "copydesk.toml", "[glossary]\nfiles = [\"huge.toml\"]\n");
    let o = run(d.path(), &["check", "story.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("larger than the 8 MB"), "{}", err(&o));
    // Deeply nested TOML: the parser's recursion limit, reported with its line.
    write(d.path(), "copydesk.toml", &format!("[attribution]\nverbs = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)));
    let o = run(d.path(), &["check", "story.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("copydesk.toml:2:"), "{}", err(&o));
}

#[test]
fn a_reader_that_stops_early_ends_the_run_with_a_status_not_a_signal() {
    // `copydesk check … | head -1`: the write to the closed pipe is an error the program
    // handles, not SIGPIPE (Rust's start-up ignores the signal).
    let d = tmp();
    write(d.path(), "story.md", &STORY.repeat(2000));
    let mut child = bin().current_dir(d.path()).args(["check", "story.md"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
}

#[test]
fn output_without_a_final_newline_reaches_the_reader_whole() {
    // The fixed text of standard input is written last and need not end a line; it must still
    // be flushed before the program ends.
    let mut child = bin().args(["check", "--fix", "--format", "json", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"Islamic State (ISIS) fighters withdrew. Later ISIL units regrouped").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(stdout(&o).ends_with("Later ISIS units regrouped"), "{}", stdout(&o));
}

/// Runs `copydesk` with `args` in `dir`, killing it after `secs` seconds: a run that hangs or
/// reads for ever fails the test instead of stalling the suite.
fn run_bounded(dir: &Path, args: &[&str], stdin: Stdio, secs: u64) -> Output {
    let mut child = bin().current_dir(dir).args(args).stdin(stdin).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            child.kill().unwrap();
            let o = child.wait_with_output().unwrap();
            panic!("copydesk {args:?} still running after {secs} s; stderr: {}", String::from_utf8_lossy(&o.stderr));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(st.success());
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_not_read() {
    let d = tmp();
    write(d.path(), "story.md", STORY);
    mkfifo(&d.path().join("pipe.md"));
    for path in ["/dev/zero", "/dev/urandom", "pipe.md"] {
        let o = run_bounded(d.path(), &["check", path], Stdio::null(), 60);
        let s = stdout(&o);
        assert!(s.contains(&format!("{path}: error: is not a regular file")), "{path}: {s}");
        assert!(s.contains("1 input could not be read or fixed"), "{s}");
        assert_eq!(o.status.code(), Some(1), "{path}");
    }
    // A device as the configuration, and a FIFO as a listed glossary file.
    let o = run_bounded(d.path(), &["check", "--config", "/dev/zero", "story.md"], Stdio::null(), 60);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/dev/zero: is not a regular file (a device)"), "{o:?}");
    mkfifo(&d.path().join("names.toml"));
    write(d.path(), "copydesk.toml", "[glossary]\nfiles = [\"names.toml\"]\n");
    let o = run_bounded(d.path(), &["check", "story.md"], Stdio::null(), 60);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("glossary file `names.toml`: is not a regular file (a FIFO"), "{o:?}");
    // The implicit project glossary is read only when it is a regular file: a FIFO of that
    // name is passed over (not opened), and the story is checked.
    write(d.path(), "copydesk.toml", "");
    mkfifo(&d.path().join("copydesk-glossary.toml"));
    let o = run_bounded(d.path(), &["check", "story.md"], Stdio::null(), 60);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(stdout(&o).contains("Found 3 problems"), "{o:?}");
}

#[test]
fn standard_input_is_read_up_to_the_limit_and_no_further() {
    // An endless writer (`yes | copydesk check -`): refused once past the limit.
    let mut child = bin().args(["check", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let block = "y\n".repeat(32 * 1024);
        let mut sent: u64 = 0;
        // Stops when the reader closes the pipe (or, if it never stops reading, after 1 GB).
        while sent < (1 << 30) && input.write_all(block.as_bytes()).is_ok() {
            sent += block.len() as u64;
        }
        sent
    });
    let o = child.wait_with_output().unwrap();
    let sent = writer.join().unwrap();
    let s = stdout(&o);
    assert!(s.contains("<stdin>: error: standard input is larger than the 64 MB copydesk reads"), "{s}");
    assert!(sent < 1 << 30, "copydesk read {sent} bytes of standard input");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_nul_byte_anywhere_marks_a_file_as_binary() {
    let d = tmp();
    for (name, at) in [("early.md", 10), ("late.md", 100_000)] {
        let mut bytes = "Plain words here. ".repeat(10_000).into_bytes();
        bytes[at] = 0;
        std::fs::write(d.path().join(name), bytes).unwrap();
        let o = run(d.path(), &["check", name]);
        assert!(stdout(&o).contains(&format!("{name}: error: looks like a binary file")), "{}", stdout(&o));
    }
}

#[test]
fn a_run_with_findings_and_an_unreadable_file_says_both() {
    let d = tmp();
    write(d.path(), "story.md", STORY);
    std::fs::write(d.path().join("bad.md"), b"Caf\xe9\n").unwrap();
    let o = run(d.path(), &["check", "story.md", "bad.md"]);
    let s = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    assert!(s.contains("bad.md: error: is not valid UTF-8"), "{s}");
    let last = s.lines().last().unwrap();
    assert!(last.starts_with("Found 3 problems (0 errors, 2 warnings, 1 information) in 1 file."), "{s}");
    assert!(last.ends_with("1 input could not be read or fixed (see the errors above)."), "{s}");
}

#[cfg(unix)]
#[test]
fn fix_through_a_symbolic_link_fixes_the_target_and_keeps_the_link() {
    let d = tmp();
    let real = write(d.path(), "stories/real.md", STORY);
    std::os::unix::fs::symlink("stories/real.md", d.path().join("link.md")).unwrap();
    let o = run(d.path(), &["check", "--fix", "link.md"]);
    assert!(stdout(&o).contains("fixed 1 problem"), "{}", stdout(&o));
    let link = std::fs::symlink_metadata(d.path().join("link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced by a file");
    assert_eq!(std::fs::read_link(d.path().join("link.md")).unwrap(), Path::new("stories/real.md"));
    assert!(std::fs::read_to_string(&real).unwrap().contains("Later ISIS units"));
    // No temporary file left beside the link or the target.
    for dir in [d.path().to_path_buf(), d.path().join("stories")] {
        for e in std::fs::read_dir(dir).unwrap() {
            assert!(!e.unwrap().file_name().to_string_lossy().starts_with(".copydesk-"));
        }
    }
}

#[cfg(unix)]
#[test]
fn fix_of_a_hard_linked_file_changes_every_name_of_it() {
    use std::os::unix::fs::MetadataExt;
    let d = tmp();
    let a = write(d.path(), "a.md", STORY);
    let b = d.path().join("b.md");
    std::fs::hard_link(&a, &b).unwrap();
    let ino = std::fs::metadata(&a).unwrap().ino();
    let o = run(d.path(), &["check", "--fix", "a.md"]);
    assert!(stdout(&o).contains("fixed 1 problem"), "{}", stdout(&o));
    let (ma, mb) = (std::fs::metadata(&a).unwrap(), std::fs::metadata(&b).unwrap());
    assert_eq!((ma.ino(), mb.ino()), (ino, ino), "the hard link was split");
    assert_eq!(ma.nlink(), 2);
    let fixed = std::fs::read_to_string(&b).unwrap();
    assert!(fixed.contains("Later ISIS units"), "{fixed}");
    assert_eq!(fixed.len(), STORY.len(), "ISIL -> ISIS keeps the length");
    // A fix that shortens the file truncates it: nothing of the old text is left at the end.
    write(d.path(), "c.md", "Islamic State (ISIS) fighters left. Later Islamic State of Iraq and the Levant units returned.\n");
    std::fs::hard_link(d.path().join("c.md"), d.path().join("d.md")).unwrap();
    run(d.path(), &["check", "--fix", "c.md"]);
    let short = std::fs::read_to_string(d.path().join("d.md")).unwrap();
    assert_eq!(short, std::fs::read_to_string(d.path().join("c.md")).unwrap());
    assert!(short.ends_with("units returned.\n") && !short.contains("Levant"), "{short}");
    for e in std::fs::read_dir(d.path()).unwrap() {
        assert!(!e.unwrap().file_name().to_string_lossy().starts_with(".copydesk-"));
    }
}

#[test]
fn human_output_shows_a_window_of_a_long_line_not_the_whole_line() {
    // One line (a plain-text paragraph) with a finding every few words, at two lengths: the
    // report grows with the number of findings, not with findings × line length.
    let d = tmp();
    let line = |n: usize| format!("Islamic State (ISIS) fighters left the town.{}\n", " Later ISIL units came back.".repeat(n));
    let mut sizes = Vec::new();
    for n in [500, 1000] {
        write(d.path(), "long.txt", &line(n));
        let o = run(d.path(), &["check", "long.txt"]);
        let s = stdout(&o);
        assert!(s.contains(&format!("Found {n} problems")), "{}", &s[s.len().saturating_sub(300)..]);
        // Every shown source line is short, cut with `…`; the caret sits under the name.
        let shown: Vec<&str> = s.lines().filter(|l| l.starts_with("1 | ")).collect();
        assert_eq!(shown.len(), n);
        assert!(shown.iter().all(|l| l.chars().count() < 140), "{}", shown[1]);
        let lines: Vec<&str> = s.lines().collect();
        for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.starts_with("1 | ")).skip(1).take(50) {
            let caret = lines[i + 1];
            let at = caret.find('^').unwrap() - "  | ".len();
            let under: String = l.chars().skip("1 | ".len() + at).take(4).collect();
            assert_eq!(under, "ISIL", "{l}\n{caret}");
        }
        sizes.push(s.len());
    }
    assert!(sizes[1] < sizes[0] * 21 / 10, "report sizes {sizes:?}: not linear in the findings");
}

#[test]
fn columns_on_a_long_line_are_right_in_every_format() {
    // The column of each finding is counted from the one before it: the same numbers as
    // counting from the line's start, with multi-byte characters on the way.
    let d = tmp();
    let text = format!("Islamic State (ISIS) «left».{}\n", " Ёж ISIL — далее.".repeat(50));
    write(d.path(), "ru.txt", &text);
    let o = run(d.path(), &["check", "--format", "json", "ru.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 50);
    for f in diags {
        let (start, end) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
        assert_eq!(f["column"].as_u64().unwrap() as usize, text[..start].chars().count() + 1);
        assert_eq!(f["end_column"].as_u64().unwrap() as usize, text[..end].chars().count() + 1);
    }
    let gh = stdout(&run(d.path(), &["check", "--format", "github", "ru.txt"]));
    let last = diags.last().unwrap();
    assert!(gh.contains(&format!("line=1,col={},endLine=1,endColumn={}", last["column"], last["end_column"])), "{gh}");
}

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
    assert_eq!(o.status.code(), Some(2));
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
    assert_eq!(run(d.path(), &["check", "missing.md"]).status.code(), Some(2));
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
    assert_eq!(o.status.code(), Some(2));
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
    // handles (the program starts at the C `main`, and sets this itself), not SIGPIPE.
    let d = tmp();
    write(d.path(), "story.md", &STORY.repeat(2000));
    let mut child = bin().current_dir(d.path()).args(["check", "story.md"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
}

#[test]
fn output_without_a_final_newline_reaches_the_reader_whole() {
    // The fixed text of standard input is written last and need not end a line; the program
    // ends with `_exit`, so it must have flushed standard output itself.
    let mut child = bin().args(["check", "--fix", "--format", "json", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"Islamic State (ISIS) fighters withdrew. Later ISIL units regrouped").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(stdout(&o).ends_with("Later ISIS units regrouped"), "{}", stdout(&o));
}

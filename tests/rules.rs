//! Rule behaviour on small stories written for the project: every attribution form, quote
//! marks, names, acronyms, markup and inline switches.

use copydesk::{check, fix_all, Config, Finding, Markup};

fn findings(text: &str) -> Vec<Finding> {
    check(text, Markup::Plain, &Config::default())
}

fn rule_hits<'a>(text: &'a str, rule: &str) -> Vec<&'a str> {
    findings(text).into_iter().filter(|f| f.rule.id() == rule).map(|f| &text[f.start..f.end]).collect()
}

fn unattributed(text: &str) -> Vec<&str> {
    rule_hits(text, "unattributed-quote")
}

// ---------------------------------------------------------------- unattributed-quote

#[test]
fn bare_quote_is_flagged_with_message() {
    let t = "The talks ended on Friday.\n\n“The economy is collapsing under the weight of these sanctions.”\n";
    let f = findings(t);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule.id(), "unattributed-quote");
    assert!(f[0].message.starts_with("Quotation has no attribution: who said this?"));
    assert_eq!(&t[f[0].start..f[0].end], "“The economy is collapsing under the weight of these sanctions.”");
}

#[test]
fn verb_after_and_before() {
    for t in [
        "“We will rebuild every school in the region,” Pushkov said.",
        "“We will rebuild every school in the region,” said Pushkov.",
        "“We will rebuild every school in the region,” he told TASS.",
        "Pushkov said that “we will rebuild every school in the region.”",
        "The minister stressed that “the schools will be rebuilt within a year.”",
        "The delegation pointed out that “an operation is needed in the whole region now.”",
        "“We will rebuild every school in the region,” the minister added on Tuesday.",
        "“Will you rebuild every school in the region?” a reporter asked.",
        "“We will rebuild every school,” she wrote in a letter to parents.",
    ] {
        assert!(unattributed(t).is_empty(), "{t}");
    }
}

#[test]
fn according_to_and_statement() {
    for t in [
        "According to Pushkov, “the schools will be rebuilt within a single year.”",
        "“The schools will be rebuilt within a single year,” according to the ministry.",
        "In a statement, the ministry said: “Schools will be rebuilt within a single year.”",
    ] {
        assert!(unattributed(t).is_empty(), "{t}");
    }
}

#[test]
fn colon_lead_in_same_and_previous_paragraph() {
    assert!(unattributed("Pushkov said: “The schools will be rebuilt within a single year.”").is_empty());
    assert!(unattributed("Pushkov: “The schools will be rebuilt within a single year.”").is_empty());
    let t = "The minister was blunt about the schedule:\n\n“The schools will be rebuilt within a single year, whatever it costs.”\n";
    assert!(unattributed(t).is_empty());
}

#[test]
fn dash_forms_of_translated_wire_copy() {
    for t in [
        "“The Russian military operation fundamentally changed the balance”, – said Pushkov.",
        "“The Russian military operation fundamentally changed the balance” — he said.",
        "“The Russian military operation fundamentally changed the balance” ― Alexei Pushkov",
        "“The Russian operation changed the balance of power in this country”, – stated the parliamentarian.",
    ] {
        assert!(unattributed(t).is_empty(), "{t}");
    }
}

#[test]
fn follow_on_and_split_quotes() {
    let t = "“We did everything we could,” he said. “Nobody can say we did not try hard enough.”";
    assert!(unattributed(t).is_empty());
    let t = "“We did everything we could,” he said, “and nobody can say we did not try.”";
    assert!(unattributed(t).is_empty());
    let t = "Also, he said, “there was a conversation about the opportunities for business”. “It is clear that the question of investment arises”, – said Pushkov.";
    assert!(unattributed(t).is_empty());
}

#[test]
fn multi_paragraph_quote_attributed_once() {
    let t = "“The first part of the statement runs over several lines of text,” the minister said. “And it goes on\n\n“into a second paragraph, opening again with a mark, as the convention asks,\n\n“and closes only here, at the very end of the last paragraph.”\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
    assert!(rule_hits(t, "unbalanced-quote").is_empty(), "{:?}", findings(t));
}

#[test]
fn multi_paragraph_quote_unattributed_reported_once() {
    let t = "“The first part of a statement that nobody claims runs over one paragraph\n\n“and closes only here, at the very end of the second paragraph.”\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    assert!(rule_hits(t, "unbalanced-quote").is_empty());
}

#[test]
fn attribution_in_neighbouring_sentence() {
    let t = "The governor spoke to reporters on Monday. “We have never seen a flood like this one before.”";
    assert!(unattributed(t).is_empty());
}

#[test]
fn names_scare_quotes_titles_and_headlines_are_not_quotes() {
    for t in [
        "The coalition against “Islamic state” met in Baghdad.",
        "He reserved his passion for the cause of “comprehensive immigration reform.”",
        "She hosted “Saturday Night Live” last month.",
        "He wrote “The Art of the Deal” decades ago.",
        "Meanwhile the so-called “international coalition” stood by.",
    ] {
        assert!(unattributed(t).is_empty(), "{t}");
    }
    let t = "“Operation in Syria raised the morale of the Iraqi army”\n\nThe delegation met officials on Tuesday.\n";
    assert!(unattributed(t).is_empty(), "quoted subhead");
}

#[test]
fn nested_quotes_are_covered_by_the_outer_one() {
    let t = "“They told us ‘leave now or never come back’ and we left that night,” the farmer said.";
    assert!(findings(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn apostrophes_are_not_quote_marks() {
    let t = "Russia’s parliament didn’t meet in the ’90s, and the parents’ group said it's fine. Rock 'n' roll.";
    assert!(findings(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn other_quote_conventions() {
    for t in [
        "«Мы восстановим все школы в регионе за один год», — сказал Пушков.",
        "„Wir werden alle Schulen der Region wieder aufbauen“, sagte der Minister.",
        "»Wir werden alle Schulen der Region wieder aufbauen«, sagte der Minister.",
        "\"We will rebuild every school in the region,\" Pushkov said.",
        "'We will rebuild every school in the region,' Pushkov said.",
    ] {
        assert!(rule_hits(t, "unbalanced-quote").is_empty(), "{t}: {:?}", findings(t));
    }
}

// ---------------------------------------------------------------- unbalanced-quote

#[test]
fn unclosed_and_unopened_marks() {
    let t = "“We will win this war, he said on Monday.\n\nThe talks went on.\n";
    assert_eq!(rule_hits(t, "unbalanced-quote"), vec!["“"]);
    let t = "He said we will win this war.” The talks went on.";
    assert_eq!(rule_hits(t, "unbalanced-quote"), vec!["”"]);
    let t = "A 12\" pipe burst.";
    assert!(rule_hits(t, "unbalanced-quote").is_empty());
}

// ---------------------------------------------------------------- inconsistent-name

#[test]
fn variant_outside_quote_gets_fix_inside_quote_gets_note() {
    let t = "Islamic State (ISIS) fighters withdrew on Sunday. Later ISIL units regrouped.\n\n“ISIL is finished in this province,” the general said.\n";
    let f: Vec<Finding> = findings(t).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(&t[f[0].start..f[0].end], "ISIL");
    assert_eq!(f[0].severity, copydesk::Severity::Warning);
    assert_eq!(f[0].fixes[0].title, "Replace “ISIL” with “ISIS”");
    assert!(!f[0].related.is_empty());
    assert_eq!(f[1].severity, copydesk::Severity::Information);
    assert!(f[1].fixes.is_empty());
    assert!(f[1].message.contains("inside a quotation"));
}

#[test]
fn is_and_ig_only_in_capitals_and_only_with_context() {
    assert!(findings("This is what IS means to an IG report.").is_empty());
    let t = "Islamic State (ISIS) lost ground. IS fighters fled.";
    assert_eq!(rule_hits(t, "inconsistent-name"), vec!["IS"]);
}

#[test]
fn definitions_are_not_inconsistencies() {
    for t in [
        "Islamic State (ISIS) fighters withdrew.",
        "ISIL (formerly ISIS) fighters withdrew; the ISIL command fled.",
        "The group, also known as Daesh, withdrew. Islamic State fighters fled.",
    ] {
        let hits = rule_hits(t, "inconsistent-name");
        assert!(hits.is_empty() || t.contains("ISIL (formerly"), "{t}: {hits:?}");
    }
}

#[test]
fn case_variant_is_a_variant_but_sentence_capital_is_not() {
    assert_eq!(rule_hits("The coalition against “Islamic state” met.", "inconsistent-name"), vec!["Islamic state"]);
    let t = "Al-Qaeda claimed the attack. Officials blamed al-Qaeda.";
    let cfg = Config::default();
    let f = check(t, Markup::Plain, &cfg);
    assert!(f.iter().all(|f| f.rule.id() != "inconsistent-name" || &t[f.start..f.end] != "Al-Qaeda"), "{f:?}");
}

#[test]
fn first_use_mode() {
    let file = copydesk::ConfigFile::parse("[naming]\nmode = \"first-use\"\n", "copydesk.toml").unwrap();
    let cfg = file.build(&[]).unwrap();
    let t = "Troops entered Kiev on Monday. Residents of Kyiv fled.";
    let f = check(t, Markup::Plain, &cfg);
    let hits: Vec<&str> = f.iter().filter(|f| f.rule.id() == "inconsistent-name").map(|f| &t[f.start..f.end]).collect();
    assert_eq!(hits, vec!["Kyiv"]);
}

#[test]
fn house_preference() {
    let file = copydesk::ConfigFile::parse("[naming.prefer]\nislamic-state = \"ISIL\"\n", "copydesk.toml").unwrap();
    let cfg = file.build(&[]).unwrap();
    let t = "Islamic State fighters withdrew. ISIS units regrouped.";
    let f = check(t, Markup::Plain, &cfg);
    let fix: Vec<&str> = f.iter().filter(|f| f.rule.id() == "inconsistent-name").map(|f| f.fixes[0].edits[0].new_text.as_str()).collect();
    assert_eq!(fix, vec!["ISIL"]);
}

/// A quotation that is only a name is speech, never edited, when it carries an attribution, a
/// cue, terminal punctuation of its own, or sits in dash dialogue; so is a name inside the
/// marks of CJK text (「」『』) and the typewriter-style ＂…＂ and ″…″.
#[test]
fn a_quotation_of_one_name_is_speech_when_it_looks_like_speech() {
    let lead = "Islamic State (ISIS) fighters attacked the town, the army said.\n\n";
    for body in [
        "“ISIL,” he said, “will come back.”",
        "“Daesh!” the crowd chanted.",
        "The mayor said: “ISIL.”",
        "The mayor said: “ISIL”",
        "“Daesh?” the minister asked.",
        "“Daesh” the crowd chanted again.",
        "Protesters chanted “Daesh” outside.",
        "Residents wrote 「ISIL」 on the walls.",
        "They said 『Daesh』 often.",
        "Then ＂ISIL＂ came.",
        "Then ″Daesh″ came.",
        "— ISIL will come back, — said the mayor.",
        "– Daesh is finished, – the general said.",
    ] {
        let t = format!("{lead}{body}\n");
        let f = findings(&t);
        let (fixed, _) = fix_all(&t, &f);
        assert_eq!(fixed, t, "{body}: {f:?}");
        let notes: Vec<&Finding> = f.iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
        assert_eq!(notes.len(), 1, "{body}: {f:?}");
        assert_eq!(notes[0].severity, copydesk::Severity::Information, "{body}");
    }
    // A scare-quoted name in the reporter's sentence is the reporter's, and is fixed.
    for body in ["The group, “Islamic state” to some, retreated.", "“Islamic state” (ISIS) retreated."] {
        let t = format!("{lead}{body}\n");
        let (fixed, _) = fix_all(&t, &findings(&t));
        assert!(fixed.contains("“Islamic State”"), "{body}: {fixed}");
    }
}

/// `[naming.prefer]` values pass the checks of glossary names, and an error names the file and
/// the line of the value (issue 21, part 2).
#[test]
fn preferred_forms_that_would_make_fixes_loop_are_refused() {
    for (value, why) in [
        ("ISIL.", "punctuation"),
        ("Daesh Daesh", "2 names"),
        ("*ISIL*", "not plain text"),
        ("<b>ISIL</b>", "not plain text"),
        ("[ISIL](x)", "not plain text"),
        ("ISIL)", "not plain text"),
        ("\\\"ISIL\\\"", "quotation mark"),
        ("“ISIL”", "quotation mark"),
        ("Kyiv", "entity `kyiv`"),
        (" ISIL", "white space"),
    ] {
        let text = format!("[rules]\nunattributed-quote = \"warning\"\n\n[naming.prefer]\nislamic-state = \"{value}\"\n");
        let file = copydesk::ConfigFile::parse(&text, "desk/copydesk.toml").unwrap();
        let e = file.build(&[]).expect_err(value);
        assert_eq!(e.file.as_deref(), Some("desk/copydesk.toml"), "{value}");
        assert_eq!(e.line, Some(5), "{value}: {e}");
        assert!(e.message.contains(why), "{value}: {e}");
    }
    for value in ["ISIL", "Daesh", "Islamic State group", "Islamic State (ISIL)", "Islamic State of Iraq and the Levant (ISIL)"] {
        let text = format!("[naming.prefer]\nislamic-state = \"{value}\"\n");
        assert!(copydesk::ConfigFile::parse(&text, "copydesk.toml").unwrap().build(&[]).is_ok(), "{value}");
    }
}

/// A preferred form that holds another name of its entity (`Islamic State group`) is read as one
/// name: a fix does not write it again inside itself.
#[test]
fn a_longer_preferred_form_is_one_name() {
    let file = copydesk::ConfigFile::parse(
        "[naming]\nmode = \"house\"\n[naming.prefer]\nislamic-state = \"Islamic State group\"\n",
        "copydesk.toml",
    )
    .unwrap();
    let cfg = file.build(&[]).unwrap();
    let t = "Islamic State group fighters left. Later Daesh units regrouped.\n";
    let (fixed, _) = fix_all(t, &check(t, Markup::Plain, &cfg));
    assert_eq!(fixed, "Islamic State group fighters left. Later Islamic State group units regrouped.\n");
    let (twice, _) = fix_all(&fixed, &check(&fixed, Markup::Plain, &cfg));
    assert_eq!(twice, fixed);
}

// ---------------------------------------------------------------- consistency inside the story (issue 22)

fn naming(text: &str) -> Vec<Finding> {
    findings(text).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect()
}

fn house() -> Config {
    Config { naming_mode: copydesk::config::NamingMode::House, ..Config::default() }
}

#[test]
fn a_story_that_uses_one_form_throughout_gets_nothing() {
    for t in [
        "Opec cut output. Opec's ministers met in Vienna. Non-Opec producers waited.",
        "Troops patrolled Burma's border. In Burma, the vote went ahead. Burma's army waited.",
        "President Vladimir V. Putin spoke. Mr. Putin said little. Putin left.",
        "The U.N. met. A U.N. envoy spoke. The U.N. General Assembly voted.",
        "Al Qaeda claimed it. Officials blamed Al Qaeda. Al Qaeda's leaders hid.",
        "Muammar al-Gaddafi ruled Libya. Gaddafi fled. Gaddafi's son spoke.",
        "President Bashar al-Assad spoke. Assad left. Assad's army stayed.",
    ] {
        assert!(naming(t).is_empty(), "{t}: {:?}", naming(t));
    }
}

#[test]
fn spelling_variants_of_one_form_are_one_form() {
    for t in [
        "Opec cut output. OPEC ministers met. Opec's quota held.",
        "The U.N. met. A UN envoy spoke.",
        "The F.B.I. and the FBI agents.",
        "The North Atlantic Treaty Organisation (Nato) met. Nato ministers agreed. NATO troops left.",
        "The North Atlantic Treaty Organisation met. Later the North Atlantic Treaty Organization agreed.",
        "Islamic State fighters left. Isis militants fled. ISIS denied it.",
    ] {
        assert!(naming(t).is_empty(), "{t}: {:?}", naming(t));
    }
    // The British full name is a name of the entity: its definition is seen as one.
    let t = "The North Atlantic Treaty Organisation (Nato) met. Nato ministers agreed.\n";
    assert!(findings(t).is_empty(), "{:?}", findings(t));
    // `Isis` counts only in that case and beside another name of the group.
    assert!(findings("Isis is a goddess. ISIS was a word.").iter().all(|f| f.rule.id() != "inconsistent-name"));
}

#[test]
fn minority_forms_are_held_to_the_storys_own_form() {
    let t = "ISIS fighters left. ISIS units fled. Later ISIL units regrouped. ISIS denied it.";
    let f = naming(t);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&t[f[0].start..f[0].end], "ISIL");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "ISIS");
    assert!(f[0].message.contains("this story calls it “ISIS”"), "{}", f[0].message);
    assert!(!f[0].message.contains("house style"), "{}", f[0].message);
    // The story's defined pair at first reference is its form, even when another is used more.
    let t = "Islamic State (ISIS) fighters left. ISIL units fled. ISIL denied it.";
    let hits: Vec<&str> = naming(t).iter().map(|f| &t[f.start..f.end]).collect();
    assert_eq!(hits, ["ISIL", "ISIL"]);
    // A full name with its short form is one form: AP's full name first, short form after.
    assert!(naming("Islamic State fighters left. Later ISIS units regrouped. ISIS denied it.").is_empty());
    assert!(naming("Islamic State fighters left. Later ISIL units regrouped.").is_empty());
    // Two short forms are two forms.
    let t = "Islamic State fighters left. Later ISIS units regrouped. ISIS denied it. ISIL fled.";
    let hits: Vec<&str> = naming(t).iter().map(|f| &t[f.start..f.end]).collect();
    assert_eq!(hits, ["ISIL"]);
}

#[test]
fn a_fix_never_replaces_a_short_form_with_a_full_name() {
    // The story's form is a full name without a short form: the acronym is flagged, not expanded.
    let t = "Daesh fighters left. Daesh units fled. Daesh denied it. Later ISIL regrouped.";
    let f = naming(t);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&t[f[0].start..f[0].end], "ISIL");
    assert!(f[0].fixes.is_empty(), "{f:?}");
    // House style with a preferred full name only: the same.
    let file =
        copydesk::ConfigFile::parse("[naming.prefer]\nopec = \"Organization of the Petroleum Exporting Countries\"\n", "copydesk.toml")
            .unwrap();
    let cfg = file.build(&[]).unwrap();
    let t = "Demand for Opec's crude fell. A major non-Opec supplier grew.\n";
    let (fixed, _) = fix_all(t, &check(t, Markup::Plain, &cfg));
    assert_eq!(fixed, "Demand for OPEC's crude fell. A major non-OPEC supplier grew.\n");
    let file = copydesk::ConfigFile::parse("[naming.prefer]\nislamic-state = \"Daesh\"\n", "copydesk.toml").unwrap();
    let cfg = file.build(&[]).unwrap();
    let t = "Daesh fighters left. Later pro-ISIS groups and ISIS's leaders fled.\n";
    let f = check(t, Markup::Plain, &cfg);
    assert_eq!(f.iter().filter(|f| f.rule.id() == "inconsistent-name").count(), 2, "{f:?}");
    assert_eq!(fix_all(t, &f).0, t);
}

#[test]
fn fixes_keep_grammar_and_sentence_case() {
    let t = "ISIS fighters left. ISIS units fled. ISIS denied it. Officials said ISIL's leaders and pro-ISIL groups hid.\n";
    let (fixed, _) = fix_all(t, &findings(t));
    assert!(fixed.ends_with("Officials said ISIS's leaders and pro-ISIS groups hid.\n"), "{fixed}");
    // House style: `al-Qaeda` in the middle of a sentence, `Al-Qaeda` at its start.
    let t = "Al Qaeda claimed it. Officials blamed Al Qaeda.\n";
    let (fixed, _) = fix_all(t, &check(t, Markup::Plain, &house()));
    assert_eq!(fixed, "Al-Qaeda claimed it. Officials blamed al-Qaeda.\n");
}

#[test]
fn house_style_says_it_is_house_style() {
    let t = "Kiev was calm. Kiev's mayor spoke.";
    assert!(naming(t).is_empty());
    let f: Vec<Finding> = check(t, Markup::Plain, &house()).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f[0].message.contains("the house style prefers “Kyiv”"), "{}", f[0].message);
    let file = copydesk::ConfigFile::parse("[naming]\nmode = \"house\"\n", "copydesk.toml").unwrap();
    assert_eq!(file.build(&[]).unwrap().naming_mode, copydesk::config::NamingMode::House);
}

#[test]
fn a_quotation_gets_a_note_only_when_its_form_differs_from_the_storys() {
    let t = "Islamic State (ISIS) fighters left.\n\n“ISIS will be back,” the general said.\n\n“ISIL will be back,” the mayor said.\n";
    let f = naming(t);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&t[f[0].start..f[0].end], "ISIL");
    assert_eq!(f[0].severity, copydesk::Severity::Information);
}

#[test]
fn one_note_per_quoted_form_and_none_for_a_form_the_story_introduces() {
    let t = "Islamic State (ISIS) fighters left.\n\n“ISIL will be back,” the general said.\n\n“ISIL is beaten,” the mayor said.\n";
    assert_eq!(naming(t).len(), 1, "{:?}", naming(t));
    let t = "The Islamic State, also known as ISIL or ISIS, left. Islamic State fighters fled.\n\n“ISIL will be back,” the general said.\n";
    assert!(naming(t).is_empty(), "{:?}", naming(t));
}

/// A plain story's first line in title case is its headline even with a full stop: not the
/// first reference that must spell an acronym out.
#[test]
fn a_title_case_first_line_is_a_headline() {
    let t =
        "Why The Senators Think ISIS Videos Matter More Than Ever. Not Yet, At Least.\n\nThe Islamic State, or ISIS, released a video.\n";
    assert!(rule_hits(t, "undefined-acronym").is_empty(), "{:?}", findings(t));
}

/// Part of a longer fixed name, or a dateline's place, is not a mention of the entity.
#[test]
fn a_name_inside_a_longer_name_or_a_dateline_is_not_a_mention() {
    let t = "Myanmar voted on Sunday. Myanmar's army waited. Trucks once used the Burma Road.";
    assert!(naming(t).is_empty(), "{:?}", naming(t));
    let t = "The UN met. The U.N. Security Council voted. UN envoys left.";
    assert!(naming(t).is_empty(), "{:?}", naming(t));
    let t = "RANGOON, Burma - Voters queued in Myanmar on Sunday. Myanmar's army waited.\n";
    let f: Vec<Finding> = check(t, Markup::Plain, &house()).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
    assert!(f.is_empty(), "{f:?}");
    // The same names in running text are mentions.
    let t = "Voters queued in Myanmar on Sunday. Myanmar's army waited. Burma's opposition won.";
    assert_eq!(naming(t).len(), 1);
}

fn preset(text: &str) -> Result<Config, copydesk::ConfigError> {
    copydesk::ConfigFile::parse(text, "copydesk.toml").unwrap().build(&[])
}

/// Every preset loads (its forms pass the checks of [naming.prefer]) and holds its entities to
/// the style book's forms, said to be house style; the desk's own entries win.
#[test]
fn house_style_presets() {
    for name in copydesk::glossary::presets().keys() {
        preset(&format!("[naming]\npreset = \"{name}\"\n")).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let t = "Officials blamed al-Qaeda. Nato ministers met. Opec cut output.\n";
    let fixed = |cfg: &Config| fix_all(t, &check(t, Markup::Plain, cfg)).0;
    assert_eq!(fixed(&preset("[naming]\npreset = \"ap\"\n").unwrap()), "Officials blamed al-Qaida. Nato ministers met. Opec cut output.\n");
    assert_eq!(
        fixed(&preset("[naming]\npreset = \"nyt\"\n").unwrap()),
        "Officials blamed Al Qaeda. Nato ministers met. Opec cut output.\n"
    );
    assert_eq!(
        fixed(&preset("[naming]\npreset = \"reuters\"\n").unwrap()),
        "Officials blamed al Qaeda. Nato ministers met. Opec cut output.\n"
    );
    let t2 = "Officials blamed al-Qaeda. NATO ministers met. OPEC cut output.\n";
    let bbc = preset("[naming]\npreset = \"bbc\"\n").unwrap();
    assert_eq!(fix_all(t2, &check(t2, Markup::Plain, &bbc)).0, "Officials blamed al-Qaeda. Nato ministers met. Opec cut output.\n");
    let f = check(t2, Markup::Plain, &bbc);
    assert!(f.iter().any(|f| f.message.contains("the house style prefers “Nato”")), "{f:?}");
    // The desk's own entry wins over the preset's.
    let own = preset("[naming]\npreset = \"ap\"\n[naming.prefer]\nal-qaeda = \"al-Qaeda\"\n").unwrap();
    assert_eq!(fix_all(t, &check(t, Markup::Plain, &own)).0, t);
    let e = preset("[rules]\n\n[naming]\npreset = \"guardian\"\n").unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.message.contains("unknown preset `guardian`"), "{e}");
}

/// A renamed place's old name is not called wrong: house style says when it was renamed.
#[test]
fn house_style_names_the_year_of_a_renaming() {
    let t = "Voters in Swaziland went to the polls.";
    assert!(naming(t).is_empty());
    let f: Vec<Finding> = check(t, Markup::Plain, &house()).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].message.contains("it was renamed in 2018, and the house style prefers “Eswatini”"), "{}", f[0].message);
    let e = copydesk::glossary::Glossary::builtin();
    assert_eq!(e.lookup("Burma").unwrap().1.renamed, Some(1989));
    let g = e.extended("[[entity]]\nid = \"x\"\npreferred = \"New Town\"\naliases = [\"Old Town\"]\nrenamed = 1999\n", "g.toml").unwrap();
    assert_eq!(g.lookup("Old Town").unwrap().1.renamed, Some(1999));
}

// ---------------------------------------------------------------- undefined-acronym

#[test]
fn acronym_before_spelling_out() {
    // Consistency inside the story (the default): an acronym the story spells out only later.
    let t = "ISIS fighters withdrew on Sunday. Islamic State commanders fled.";
    let f: Vec<Finding> = findings(t).into_iter().filter(|f| f.rule.id() == "undefined-acronym").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Islamic State (ISIS)");
    // One the story never spells out is house style's business.
    let t = "ISIS fighters withdrew on Sunday.";
    assert!(rule_hits(t, "undefined-acronym").is_empty());
    let f: Vec<Finding> = check(t, Markup::Plain, &house()).into_iter().filter(|f| f.rule.id() == "undefined-acronym").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Islamic State (ISIS)");
    // Glued to a hyphen or an apostrophe, the acronym is reported without a fix that would break
    // the word (`Islamic State (ISIS)-inspired`).
    for t in [
        "ISIS-inspired attacks rose. Islamic State leaders fled.",
        "ISIS's leaders fled. Islamic State fighters stayed.",
        "Anti-ISIS groups met. Islamic State fighters stayed.",
    ] {
        let f: Vec<Finding> = findings(t).into_iter().filter(|f| f.rule.id() == "undefined-acronym").collect();
        assert_eq!(f.len(), 1, "{t}");
        assert!(f[0].fixes.is_empty(), "{t}: {f:?}");
    }
    assert!(rule_hits("Islamic State fighters withdrew. Later ISIS regrouped.", "undefined-acronym").is_empty());
    assert!(rule_hits("Islamic State (ISIS) fighters withdrew.", "undefined-acronym").is_empty());
    assert!(
        rule_hits("ISIS retreats\n\nIslamic State fighters withdrew. Later ISIS regrouped.\n", "undefined-acronym").is_empty(),
        "headline"
    );
}

// ---------------------------------------------------------------- fixes

#[test]
fn fix_all_never_touches_quotes_and_is_idempotent() {
    let t = "ISIS fighters withdrew. ISIL units regrouped. “ISIL will be back,” the general said. Daesh denied it.\n";
    let f = findings(t);
    let (fixed, edits) = fix_all(t, &f);
    assert!(fixed.contains("“ISIL will be back,”"), "{fixed}");
    assert!(fixed.starts_with("Islamic State (ISIS) fighters"), "{fixed}");
    assert!(!edits.is_empty());
    let again = findings(&fixed);
    let (fixed2, edits2) = fix_all(&fixed, &again);
    assert_eq!(fixed, fixed2);
    assert!(edits2.is_empty(), "{edits2:?}");
}

// ---------------------------------------------------------------- markup and switches

#[test]
fn markdown_code_links_and_comments_are_not_prose() {
    let t = "# Story\n\n`ISIL` in code, [a link](https://example.com/ISIL), <!-- ISIL --> and\n\n```\n“unclosed in a code block\n```\n\nIslamic State (ISIS) fighters withdrew.\n";
    let f = check(t, Markup::Markdown, &Config::default());
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn inline_switches() {
    let t = "Islamic State (ISIS) left.\n<!-- copydesk-disable-next-line inconsistent-name -->\nISIL returned.\nISIL left again.\n";
    assert_eq!(rule_hits(t, "inconsistent-name").len(), 1);
    let t = "<!-- copydesk-disable -->\n“An unattributed quotation that nobody will ever claim as theirs.”\n<!-- copydesk-enable -->\n";
    assert!(findings(t).is_empty());
}

// ---------------------------------------------------------------- shapes seen in real copy

#[test]
fn headline_conventions_are_not_flagged() {
    // Single marks for quotations in headlines; the first line of a plain story is its headline.
    let t = "Mayor: City ‘Will Not Bow to Pressure From the Developers.’\n\nThe council met on Tuesday. “We will decide this in public,” the mayor said.\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
    let t = "‘We are in shock, and we are angry’: a town mourns\n\nResidents gathered on Sunday.\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
    let t = "Residents gathered.\n\n“IT IS TIME FOR THE COUNCIL TO RESIGN AND LET US VOTE”\n\nThe banner hung for a day.\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn partial_and_woven_quotes_are_the_reporters_sentence() {
    for t in [
        "Her campaign called the ruling “a victory for every worker who was ever told to wait.”",
        "His stump line—“We will fix this town!”—is wearing thin with voters.",
        "The site ran headlines such as “Cities are dying and nobody cares” and worse.",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn source_tags_bylines_and_signature_lines() {
    for t in [
        "“Crews are still searching the river for the missing boaters tonight.” [AP]",
        "“Crews are still searching the river for the missing boaters tonight,” by Dana Rivers.",
        "“No to the new runway! Save our fields!” (2009) — “Stop the noise now!” (2011). (Residents' Association.)",
        "\"If the plant closes, this whole valley will feel it for a generation.\nMaria Olsen, Valley Workers Union.\"",
        "“The tax stays at the current level for the rest of the decade,” it recommended.",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn unclosed_quotation_is_reported_once_by_unbalanced_quote() {
    let t = "\"There was not enough help for the families at the time, said Kessel, who runs the group.\n\nThe bill stalled.\n";
    assert!(unattributed(t).is_empty());
    assert_eq!(rule_hits(t, "unbalanced-quote").len(), 1);
}

#[test]
fn a_missing_verb_is_still_caught() {
    let t = "The rally ended late.\n\n\"They are going to be pouring in across the border and nobody knows who they are,\" Trump from his desk.\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

#[test]
fn nyt_double_apostrophe_marks() {
    let t = "''We will not close the library,'' the mayor said. ''Not this year and not next year.''";
    assert!(findings(t).is_empty(), "{:?}", findings(t));
    let t = "The library stays open.\n\n''Nobody here will ever let them close this library, not while we are alive.''\n";
    assert_eq!(unattributed(t).len(), 1);
}

#[test]
fn transcripts_dash_lead_ins_answers_and_titles() {
    for t in [
        "Lopez: Well, nobody walks around saying, “My pension fund is pure speculation, and I love it.”",
        "The senator embraced the plan -- \"I think this is the best deal we will get all year.\"",
        "The senator embraced the plan — “I think this is the best deal we will get all year.”",
        "Why was he out in the heat? “My mom says I have to save up for college next year.”",
        "In 1991 a former aide published “Trumped! The Inside Story of the Real Donald Trump.”",
        "''I am totally committed to bringing back the factories'' sounds great in Ohio.",
        "The site ran headlines such as “Birth control is ruining the country” and “Would you rather your child had feminism or cancer?”",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    // A signature line closing a pull quote.
    let t = "The race tightened.\n\n\"If she loses both early states, that could create real problems for her here in the South.\nRep. Jim Clyburn.\"\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn typesetting_oddities_are_paired() {
    for t in [
        "The mayor, who is 6’2”, said “the bridge will open in May, not a day later.”",
        "The moderator asked a “question’’ that went on for two minutes.",
        "He waxed poetic about\"joint operations between our two countries\" on Monday.",
    ] {
        assert!(rule_hits(t, "unbalanced-quote").is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn lists_of_names_after_also_known_as() {
    let t = "The coalition fights the Islamic State, also known as ISIS, ISIL and Daesh.";
    assert!(rule_hits(t, "inconsistent-name").is_empty(), "{:?}", findings(t));
    let t = "The coalition fights the Islamic State. The group is also known by the acronyms ISIL and ISIS.";
    assert!(rule_hits(t, "inconsistent-name").is_empty(), "{:?}", findings(t));
}

#[test]
fn russian_german_french_conventions() {
    for t in [
        "«Мы восстановим все школы в регионе за один год», — сказал Пушков.",
        "По словам Пушкова, «школы будут восстановлены в течение одного года».",
        "«Он ответил „нет“ и ушёл, не сказав больше ни слова», — рассказал свидетель.",
        "„Wir werden alle Schulen der Region wieder aufbauen“, sagte der Minister am Montag.",
        "Laut dem Minister „werden alle Schulen der Region wieder aufgebaut“.",
        "« Nous reconstruirons toutes les écoles de la région », a-t-il déclaré lundi.",
        "Selon le ministre, « toutes les écoles de la région seront reconstruites ».",
    ] {
        assert!(findings(t).is_empty(), "{t}: {:?}", findings(t));
    }
    let t = "Совещание закончилось.\n\n«Мы восстановим все школы в регионе за один год и ни днём позже».\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    let t = "Die Sitzung endete.\n\n„Wir werden alle Schulen der Region wieder aufbauen, koste es, was es wolle.“\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

#[test]
fn a_persons_surname_is_the_second_reference() {
    let t = "Recep Tayyip Erdogan spoke on Monday. Erdogan said nothing new. Later Erdoğan left.";
    let f: Vec<Finding> = findings(t).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&t[f[0].start..f[0].end], "Erdoğan");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Erdogan");
    let t = "Moammar Gadhafi ruled Libya. Qaddafi fell in 2011.";
    let f: Vec<Finding> = findings(t).into_iter().filter(|f| f.rule.id() == "inconsistent-name").collect();
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Gadhafi");
}

#[test]
fn common_words_in_lower_case_are_not_names() {
    assert!(findings("We ate turkey on the west bank of the river.").is_empty());
}

#[test]
fn the_built_in_glossary_is_sound() {
    let g = copydesk::glossary::Glossary::builtin();
    assert!(g.entities.len() >= 60, "{}", g.entities.len());
    let mut ids = std::collections::HashSet::new();
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for e in g.entities.iter() {
        assert!(ids.insert(e.id.clone()), "duplicate id {}", e.id);
        assert!(!e.description.is_empty(), "{} has no description", e.id);
        for n in e.names() {
            if let Some(other) = names.insert(n.to_lowercase(), e.id.to_string()) {
                assert_eq!(other, e.id, "{n} names two entities");
            }
        }
    }
}

#[test]
fn particle_verbs_attribute_only_after_a_speaker() {
    // `went on`, `continued`, `put it` are speech verbs after a speaker, everyday phrases
    // otherwise: the next paragraph's quotation is not attributed by the weather.
    let attributed = [
        "The coach spoke on Monday.\n\nPetrenko continued his angry remarks.\n\n“Four seasons ago this club was a champion and nobody doubted it.”\n",
        "“It happens to everyone, right?” Okafor went on, as if he had not heard the question. “You pick yourself up and you train again.”\n",
        "The mayor spoke first. “We will not raise taxes this year,” she went on.\n",
        "“The budget is balanced and the reserves are full,” as the treasurer put it.\n",
        "Officials said the plan was final. “There will be no further changes to the schedule,” officials said.\n",
        "“The bridge will reopen in March after the repairs are complete,” the report says.\n",
        "“Residents deserve a clear answer about the water supply,” the council said in a statement.\n",
        "Ms. Ortiz chimed in: “We have waited three years for this decision.”\n",
        "Critics accused her of “playing games with the lives of ordinary families.”\n",
    ];
    for t in attributed {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    let t = "The weather was cold and the hall was full.\n\nThe rain went on all night.\n\n\
             “The budget is balanced and the reserves are full of money.”\n\n\
             “We will appeal the decision in every court we can find.”\n";
    assert_eq!(unattributed(t).len(), 2, "{:?}", findings(t));
}

#[test]
fn lists_and_block_quotes_are_checked_like_paragraphs() {
    let md = "# Vote\n\nThe hall was full.\n\n- “We will appeal the decision in every court we can find.”\n\n\
              > “This vote is a disgrace to everyone who elected us to serve.”\n\n\
              The senator posted on X on Monday evening:\n\n> “This vote is a disgrace to all of us who serve.”\n\n\
              - “The ruling changes nothing for our members this winter,” a spokesman added.\n";
    let f: Vec<&str> = check(md, Markup::Markdown, &Config::default())
        .into_iter()
        .filter(|f| f.rule.id() == "unattributed-quote")
        .map(|f| &md[f.start..f.end])
        .collect();
    assert_eq!(
        f,
        ["“We will appeal the decision in every court we can find.”", "“This vote is a disgrace to everyone who elected us to serve.”"]
    );
}

#[test]
fn a_speaker_with_any_attribution_word_just_before_the_quotation() {
    for t in [
        "The case went to court. Marsh announced the appeal on Monday. “We are asking the court to halt the closure of the mill.”\n",
        "The hall was full. Delacroix touted her record on the harbour bill. “We will keep the ferries running every winter.”\n",
        "The meeting was long. The union leader further related a story. “We sailed out at dawn and came back with nothing.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    // An attribution word after something that is not a speaker attributes nothing.
    for t in [
        "The vote was close. The plan announced on Monday was dropped by Friday. “We will not stop until the plan is restored.”\n",
        "The vote was close. It mentioned nothing at all about the budget for the next year. “We will not stop until the plan is restored.”\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
}

#[test]
fn documents_and_messages_carry_a_quotation() {
    for t in [
        "The fire shocked the town. Within the hour, Brennan issued a statement, “Tonight our thoughts are with the families on Dock Street.”\n",
        "The news came early. Haddad’s first tweet on Sunday morning was a careful one. “Waking up to terrible news from the harbour this morning.”\n",
        "Aides traded notes. Ferreira forwards an article that included the line “the port authority has never been in better shape than today.”\n",
        "The club apologised. At Moreau’s request, the FA issued a statement apologizing to the fans. “We are sorry for the delays at the gates.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    // A document in a sentence that names nobody is not a speaker.
    let t = "The vote was close. the report was late again this year and nobody read it. “We will not stop until the plan is restored.”\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

#[test]
fn a_plain_text_story_may_open_with_its_lede_instead_of_a_headline() {
    // A long first line ending with its source is the lede: its first reference counts.
    let lede = "Islamic State (ISIS) fighters withdrew from two river towns on Tuesday after a week of heavy shelling, local officials said.\n\nAnalysts say ISIL still controls the main road to the border.\n";
    let f = findings(lede);
    assert_eq!(f.iter().map(|f| f.rule.id()).collect::<Vec<_>>(), ["inconsistent-name"], "{f:?}");
    // A headline is not a first reference: the body must spell the acronym out.
    let headline = "Islamic State (ISIS) fighters withdraw from river towns, officials say.\n\nISIS fighters withdrew from two river towns on Tuesday after a week of heavy shelling.\n";
    let f = check(headline, Markup::Plain, &house());
    assert_eq!(f.iter().map(|f| f.rule.id()).collect::<Vec<_>>(), ["undefined-acronym"], "{f:?}");
}

// ------------------------------------------- unattributed-quote: issue 23 (judged set patterns)

fn unattributed_with(text: &str, context: copydesk::config::AttributionContext) -> usize {
    let cfg = Config { context, ..Config::default() };
    check(text, Markup::Plain, &cfg).iter().filter(|f| f.rule.id() == "unattributed-quote").count()
}

#[test]
fn a_paraphrase_or_a_mention_does_not_attribute_the_next_paragraphs_quote() {
    for t in [
        "The river was low this year.\n\nTom Reyes, a farmer near the river, said the drought is nothing new.\n\n“We have lived through dry years before and we will again.”\n",
        "The river was low this year.\n\nThe foundation maintains a scholarship program for nurses.\n\n“Both founders were very much engaged in the work every single week.”\n",
        "The event ran late.\n\nNakamura praised the mayor’s work after the flood.\n\n“The town needs someone who answers the phone at three in the morning.”\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
    // A lead-in that names the speaker does: a colon, or a short sentence saying nothing else.
    for t in [
        "The crowd fell silent. Cruz continued:\n\n“We will not let this town be forgotten by anyone in Washington.”\n",
        "The coach took questions for an hour.\n\nPetrenko continued.\n\n“Four seasons ago this club was a champion and nobody doubted it.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn a_fragment_woven_into_a_paraphrase_does_not_attribute_the_next_paragraphs_quote() {
    // The paragraph before is a paraphrase with a quoted fragment, its verb before it: a
    // reader cannot tell whose the next paragraph's words are.
    for t in [
        "The river was low this year.\n\nOrtiz shot back in a statement, saying she has “kept every promise made to this town.”\n\n“Frankly, the council should look at its own record before it attacks mine.”\n",
        "The river was low this year.\n\nThe treasurer said the council had “a duty to every family on the river.”\n\n“Nobody should have to wait three years for a decision on a bridge.”\n",
        // a verb of the narration after the fragment is not a tag
        "The river was low this year.\n\nOrtiz says she respects the council’s “hard work” but argues that the plan costs too much.\n\n“You should not promise a bridge unless you can pay for it.”\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
    // A woven fragment with its tag after it, or a paragraph that also quotes the speaker in
    // full, carries the speaker on.
    for t in [
        "The river was low this year.\n\nHer neighbours call the plan “a bridge to nowhere,” Ortiz said as she left.\n\n“But it is our bridge to nowhere, and we love it!”\n",
        "The river was low this year.\n\n“We will rebuild the school,” Ortiz told the crowd, saying the council would “find the money somewhere.”\n\n“The builders are hired and they start in the spring.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn quotations_back_to_back_are_not_carried_by_the_paragraph_before() {
    // `“…” “…”` with no tag between: a string of quotations the paragraph before does not
    // attribute; a colon lead-in still does.
    let t = "The river was low this year.\n\n“We will rebuild the school by next autumn,” Mayor Ortiz said.\n\n“The money is already in the budget.” “The builders are hired and ready to start.”\n";
    assert!(!unattributed(t).is_empty(), "{:?}", findings(t));
    let t = "The river was low this year. Mayor Ortiz went on:\n\n“The money is already in the budget.” “The builders are hired and ready to start.”\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn a_document_attributes_the_next_paragraph_only_when_presented_as_the_source() {
    // `in her statement`, `issued a statement`, `During the interview`: the document speaks next.
    for t in [
        "The vote was close.\n\nIn her statement on Monday, Ortiz defended the plan once more.\n\n“We regret the delay and we will publish the full report next week.”\n",
        "The vote was close.\n\nThe council issued a statement on Monday evening after the vote.\n\n“We regret the delay and we will publish the full report next week.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    // A document only mentioned does not.
    for t in [
        "The vote was close.\n\nThe residents’ group filed a lawsuit against the council in March.\n\n“We regret the delay and we will publish the full report next week.”\n",
        "The vote was close.\n\nFor the first time, the party’s platform mentions the river towns by name.\n\n“We regret the delay and we will publish the full report next week.”\n",
        "The vote was close.\n\nFew expect Ortiz to change course when she speaks to voters via video on Friday.\n\n“We regret the delay and we will publish the full report next week.”\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
}

#[test]
fn a_closed_quote_carries_its_speaker_to_the_next_paragraph_unless_the_speaker_changes() {
    let same = "The river was low this year.\n\n“We will rebuild the school by next autumn,” Mayor Ortiz said.\n\n“The money is already in the budget and the builders are hired.”\n";
    assert!(unattributed(same).is_empty(), "{:?}", findings(same));
    for t in [
        // a long description of the speaker after the quote, in the same sentence
        "The river was low this year.\n\n“We will rebuild the school by next autumn,” said Ana Ortiz, the mayor who has led the town through two floods and a fire since her election in the spring.\n\n“The money is already in the budget.”\n",
        // a rhetorical question, `said`
        "The river was low this year.\n\n“Who would build a school on a flood plain?” Ortiz said.\n\n“Nobody with any sense, and certainly not this council.”\n",
        // a woven term attributed after it
        "The river was low this year.\n\nHer neighbours have mocked the plan, calling it “a bridge to nowhere,” Ortiz said as she left.\n\n“But it is our bridge to nowhere, and we love it!”\n",
        // a document introduced at the end of the paragraph before
        "The vote was close.\n\nThe council issued a statement on Monday evening after the vote.\n\n“We regret the delay and we will publish the full report next week.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    // A closed quote followed by a sentence of narrative: the quote paragraph after it is on its own.
    let t = "The river was low this year.\n\n“We will rebuild the school,” Ortiz said. Later the council met behind closed doors for three hours and said nothing.\n\n“The money is already in the budget and the builders are hired.”\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    for t in [
        // a question answered
        "The river was low this year.\n\n“Will the plant stay open through the winter?” a reporter asked.\n\n“That depends on the price of gas and on nothing else at all.”\n",
        // an exchange
        "The river was low this year.\n\n“We never saw the memo before it was published,” aide Dana Holt replied.\n\n“That is a fair point to make about the timing of it.”\n",
        // reader comments, each with its own name tag
        "The river was low this year.\n\n“The council should have listened to the people on the river a year ago.” ― Maria Keller\n\n“Nobody asked the people who live on the river about any of this.”\n",
        // two speakers in the paragraph before
        "The river was low this year.\n\n“We will vote against the bill,” Ames said. “We will vote for it,” Brandt said.\n\n“This bill is the wrong answer to a very real problem.”\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
    // The lead-in convention takes only a colon or an open quotation from the paragraph before.
    use copydesk::config::AttributionContext;
    assert_eq!(unattributed_with(same, AttributionContext::LeadIn), 1);
    assert_eq!(unattributed_with(same, AttributionContext::Paragraph), 0);
    let colon = "The river was low this year.\n\nMayor Ortiz told the council:\n\n“The money is already in the budget and the builders are hired.”\n";
    assert_eq!(unattributed_with(colon, AttributionContext::LeadIn), 0);
    let open = "The river was low this year.\n\n“We will rebuild the school by next autumn,” Mayor Ortiz said. “The money is in the budget.\n\n“The builders are hired and the first walls go up in May.”\n";
    assert_eq!(unattributed_with(open, AttributionContext::LeadIn), 0, "{:?}", findings(open));
}

#[test]
fn partial_quotes_need_a_speaker_in_their_sentence_or_the_one_before() {
    for t in [
        "The agency has set up a voluntary program, but “not all members take advantage of it.”\n",
        "The plan would be paid for by “closing loopholes that only the very richest families can use today.”\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
    for t in [
        "The inspection report found that the dam was “in urgent need of major repairs.”\n",
        "She dismissed the proposal as “a fantasy dreamed up by consultants in another city.”\n",
        "He called the bill “a gift to the largest landlords in town.”\n",
        "The sheriff spoke on Friday, advising residents to “stay indoors until the smoke has cleared.”\n",
        "A campaign ad that ran in May asked whether voters “can afford four more years of this.”\n",
        "The vote was close. Ames conceded defeat after midnight. The result was “a hard lesson for all of us.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn a_neighbouring_sentence_attributes_only_with_a_speaker_of_its_own() {
    // `In a speech` names no speaker.
    let t = "The mood changed in October. In a speech to a business group, “we have to rethink how this city pays for its roads.”\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    let t = "In a statement on Monday, more details emerged. “The council regrets the long delay to the project.”\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    // The attribution of the next sentence's own quotation is that quotation's.
    let t = "The hall was quiet. “We will not wait for the courts to decide.” “The courts are too slow for families,” Smith said.\n";
    assert_eq!(unattributed(t), ["“We will not wait for the courts to decide.”"], "{:?}", findings(t));
    // The sentence after counts when it points back, not when it says something else.
    let t = "The hall was quiet. “We will not wait for the courts to decide.” Smith said the plan would fail by spring.\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    for t in [
        "The hall was quiet. “We will not wait for the courts to decide.” Smith said of the ruling on Monday.\n",
        "The hall was quiet. “Why would anyone build a bridge there?” Smith asked, pointing at the map on the wall behind the podium.\n",
        // participles, `raised`, an ad and someone's statement in the sentence before
        "Ames spoke on Saturday, telling reporters that she no longer worried about his attacks. “I debated him twice and I would do it again.”\n",
        "It is a question that Mr. Greer raised too. “If you are not at the table, are you on the menu?”\n",
        "A memorable campaign ad from Senator Vance questioned whether his rival was ready. “It is three in the morning and the phone is ringing.”\n",
        "The Vance campaign released a statement late on Friday. “We will contest every ballot in every county of the state.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn speakers_described_at_length_questions_and_back_references_attribute() {
    for t in [
        // a speaker with an apposition before the attribution word in the sentence before
        "The hearing ran late. Coan, the defendant's lawyer, argues that his client meant no harm. “The government is twisting every word he said at the rally,” were his words.\n",
        // after a question, the next sentence opens with its speaker, however described
        "The phones rang all day. “I am calling from the county library. How are you today?” Miller, a retired nurse from the coast, said into the phone.\n",
        // …even when that sentence goes on to a quotation of its own
        "The sketch aired late. “Who can remember how many votes I lost? Two? Three?” Ames asks as a janitor walks past, saying he is “here to fix the seven holes in the roof.”\n",
        // a sentence that points back at the quotation
        "The river was low this year.\n\n“I would rather lose the vote than lose the town.” That remark from Councillor Dana Holt appeared on the front page of every paper in the county.\n",
        // a name tag after a dash, with a handle
        "The river was low this year.\n\n“Very good reporter, very good reporter, this one”–@MayorOrtiz, answering a question at the fair.\n",
        // the previous paragraph's attributed quotation followed by a title in its speaker's description
        "The river was low this year.\n\n“This process never rewarded good manners,” said Jon Abel, the author of “Rivers and Roads,” a history of the county.\n\n“The lesson of this year is that none of the old rules apply.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn a_quote_follows_on_one_attributed_by_the_sentence_before_it() {
    let t = "The river was low this year.\n\nOrtiz praised the builders of the bridge on Monday. “They worked through the winter.” “I have kept every promise I made about the bridge and the school.”\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn defending_imploring_a_speaker_after_in_an_email_and_a_transcript_label() {
    for t in [
        "The river was low this year.\n\nOn the flooding, Ortiz defended the council’s record. “We built the levee a year early and under budget.”\n",
        "The river was low this year.\n\nIn an email, Ortiz, a former engineer, praised the crews. “They worked through every night of the flood.”\n",
        "The river was low this year.\n\nThe mayor has also implored residents to stay home. “We cannot rescue people who drive into the water.”\n",
        "The river was low this year.\n\n“Dana Holt: Seriously, the levee held because we built it high and built it early.”\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

// ---------------------------------------------------------------- German attribution

#[test]
fn german_so_postposition_and_inverted_verbs_attribute() {
    for t in [
        "„Die Brücke wird im nächsten Frühjahr für den Verkehr gesperrt“, so Brandtner.",
        "„Wir rechnen mit deutlich mehr Besuchern als im vergangenen Jahr“, so der Sprecher der Messe.",
        "»Die Entscheidung ist in der Sache völlig richtig gewesen«, so Meierhofer am Montag.",
        "„Der Haushalt lässt keinen Spielraum für neue Ausgaben“, äußerte sich die Kämmerin in Lindau.",
        "„Die Arbeiten werden bis zum Herbst abgeschlossen sein“, heißt es in einer Mitteilung der Stadt.",
        "„Wir werden die Strecke zuerst sanieren müssen“, strich der Bahnchef heraus.",
    ] {
        assert!(unattributed(t).is_empty(), "{t}");
    }
}

#[test]
fn so_without_a_name_after_it_does_not_attribute() {
    // `so` followed by a lower-case word is an everyday `so`, not the postposition.
    let t = "Nothing else was heard that night. “The bridge will be closed for the whole winter,” so everyone stayed home.";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

// ---------------------------------------------------------------- German conventions (issue 27)

#[test]
fn german_separable_verbs_attribute_only_with_their_particle() {
    // The finite verb with its particle closing the clause attributes.
    for t in [
        "Die Feuerwehr war mit vier Wagen im Einsatz.\n\n„Der Brand im Lager ist seit dem frühen Morgen gelöscht“, teilte die Feuerwehr am Mittag mit.\n",
        "„Die Kosten für den Umbau werden noch einmal deutlich steigen“, fügte die Kämmerin auf Nachfrage hinzu.\n",
        "„Die Halle bleibt bis zum Ende der Sommerferien geschlossen“, gab der Verein auf seiner Seite vereinsheim.de bekannt.\n",
        "Wie die Stadt mitteilte, „wird die Brücke im Frühjahr für den Verkehr gesperrt“.\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    // The particle alone is an everyday word (`mit`): the quotation is nobody's.
    let t = "Die Feuerwehr kam mit vier Wagen.\n\nDer Einsatz dauerte mit Pausen bis zum Abend. „Wir haben so etwas in dreißig Jahren nicht erlebt, das war einfach unglaublich.“\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

#[test]
fn german_noun_phrases_keep_their_capitals() {
    // `mit diesen Worten`, `nach Angaben`: German nouns are capitalised in the phrase.
    for t in [
        "Der Bürgermeister kam zu spät. „Guten Abend, ich bin schon wieder hier, meine Damen und Herren“, mit diesen Worten begrüßte er den Rat.\n",
        "Nach Angaben der Polizei „war der Fahrer mit deutlich mehr als hundert Stundenkilometern unterwegs“.\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn german_quotation_in_apposition_to_a_saying_already_told() {
    // `die Antwort, „…“`: the sentence presents the quotation as an answer already told.
    let t = "Der Minister wurde nach den Kosten gefragt. Seine Partei stellte die Antwort, „Das kann ich Ihnen heute leider wirklich nicht sagen“, noch am Abend ins Netz.\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
    // An indefinite noun announces a saying, it does not point at one told: still nobody's.
    let t = "Der Abend im Gemeindesaal war lang. Am Ende stand eine Frage, „Wer soll das alles eigentlich bezahlen, wenn nicht wir?“\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

#[test]
fn german_laut_in_the_next_sentence_is_that_sentences_source() {
    // `laut X` after a quotation sources a new statement, it does not tag the quotation.
    let t = "Das Amt hat den Abriss genehmigt.\n\n„Das Gebäude ist in einem sehr schlechten Zustand.“ Der Abriss soll laut Huber noch im Mai beginnen.\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    // A verb that points back still does.
    let t = "Das Amt hat den Abriss genehmigt.\n\n„Das Gebäude ist in einem sehr schlechten Zustand“, sagte Huber am Montag.\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
}

#[test]
fn german_colon_after_a_full_stop_leads_in_nothing() {
    // What stood between the stop and the colon was cut: the sentence before names nobody.
    let t = "Der Plan stieß im Rat auf Widerstand.\n\nKritik an dem Plan kam auch von der Opposition im Stadtrat.: „Dieser Plan ist weder bezahlbar noch gerecht, und das weiß auch jeder hier im Saal.“\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    // The sentence before names the speaker as its subject, or with a speech verb: attributed.
    for t in [
        "Der Plan stieß im Rat auf Widerstand.\n\nEr war sichtlich verärgert über den Vorschlag.: „Dieser Plan ist weder bezahlbar noch gerecht, und das weiß auch jeder hier im Saal.“\n",
        "Der Plan stieß im Rat auf Widerstand.\n\nDer Verband reagierte mit scharfer Kritik.: „Dieser Plan ist weder bezahlbar noch gerecht, und das weiß auch jeder hier im Saal.“\n",
        // An abbreviation's stop is no sentence's: the colon leads in.
        "Der Plan stieß im Rat auf Widerstand.\n\nDie Sprecherin sagte u.a.: „Dieser Plan ist weder bezahlbar noch gerecht, und das weiß auch jeder hier im Saal.“\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn german_colon_lead_in_that_names_nobody_is_no_attribution() {
    // An adverb or a prepositional phrase before the colon names nobody; the sentence before
    // does not either: flagged.
    let q = "„Wir werden diesen Weg bis zum Ende gehen, auch wenn er für alle Beteiligten schwer wird.“";
    for lead in ["Dazu weiter:", "Auch dort:", "Als Antwort auf den Brief:", "Zum Rücktritt des Trainers:", "So noch im Mai 2005:", ":"] {
        let t = format!("Der Plan stieß im Rat auf Widerstand.\n\nDie Sitzung dauerte bis in die Nacht. {lead} {q}\n");
        assert_eq!(unattributed(&t).len(), 1, "{t}: {:?}", findings(&t));
    }
    // An acronym's stop ends the sentence before a stray colon as a word's does.
    let t = format!("Der Plan stieß im Rat auf Widerstand.\n\nDie meisten Firmen kommen aus den USA.: {q}\n");
    assert_eq!(unattributed(&t).len(), 1, "{t}: {:?}", findings(&t));
    // A lead-in that names its speaker, by name, noun or pronoun, attributes; so does a sentence
    // before that names one when the lead-in does not.
    for t in [
        format!("Der Plan stieß im Rat auf Widerstand.\n\nDazu die Bürgermeisterin: {q}\n"),
        format!("Der Plan stieß im Rat auf Widerstand.\n\nDazu Huber: {q}\n"),
        format!("Der Plan stieß im Rat auf Widerstand.\n\nDabei griff sie auch den Stadtrat an: {q}\n"),
        format!("Der Plan stieß im Rat auf Widerstand.\n\nDie Bürgermeisterin verteidigte den Plan am Montag. Wörtlich: {q}\n"),
        format!("Der Plan stieß im Rat auf Widerstand.\n\nEr war sichtlich verärgert über den Vorschlag. Dazu weiter: {q}\n"),
        format!("Der Plan stieß im Rat auf Widerstand.\n\nDie Bürgermeisterin verteidigte den Plan am Montag. Dazu weiter: {q}\n"),
    ] {
        assert!(unattributed(&t).is_empty(), "{t}: {:?}", findings(&t));
    }
    // English colon lead-ins are as before: `He embraced the plan: “…”` attributes.
    let en = "The council met on Monday.\n\nIn the end: “We will go this way to the end, even if it is hard for everyone involved.”\n";
    assert!(unattributed(en).is_empty(), "{:?}", findings(en));
}

#[test]
fn german_quotation_after_reported_speech_continues_it() {
    // The sentence before is reported speech (Konjunktiv I): its speaker was named before it.
    let t = "Die Firma hat im vergangenen Jahr deutlich weniger verdient.\n\nDie Chefin der Firma sprach am Montag von einem schweren Jahr. Das könne noch lange so bleiben. „Wir müssen uns auf harte Zeiten einstellen und sparen, wo es nur geht.“\n";
    assert!(unattributed(t).is_empty(), "{:?}", findings(t));
    // The indicative says it as the reporter's own: the quotation is nobody's.
    let t = "Die Firma hat im vergangenen Jahr deutlich weniger verdient.\n\nDer Umsatz ging um zehn Prozent zurück. Das kann noch lange so bleiben. „Wir müssen uns auf harte Zeiten einstellen und sparen, wo es nur geht.“\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

// ---------------------------------------------------------------- titles after a title noun

#[test]
fn titles_after_a_title_noun_are_not_quotations() {
    for t in [
        "Am Abend hält der Historiker im Rathaus den Vortrag „Wie die Straßenbahn in unsere Stadt kam und wieder ging“.",
        "Die Schau im Stadtmuseum läuft bis März unter dem Titel „Was vom Sommer übrig bleibt, wenn der Herbst kommt“.",
        "Im Herbst erscheint ihr neuer Roman „Die Nacht, in der niemand im Dorf schlafen wollte“.",
        "On Friday the museum opens the exhibition “Where the river used to run before the dam was built.”",
        "Last year the two brothers made the film “Nobody ever tells you how long the winters are here.”",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn a_quotation_after_a_title_noun_and_a_full_stop_is_still_flagged() {
    // The noun ends the sentence before: the quotation is someone's words, and nobody's here.
    let t = "Die Lesung war gut besucht.\n\nAm Ende ging es noch einmal um das Buch. „Ich habe selten so eine langweilige Geschichte gehört, ehrlich gesagt.“\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    let en = "The reading was well attended.\n\nIn the end it was all about the book. “I have rarely heard such a dull story in my whole life, to be honest.”\n";
    assert_eq!(unattributed(en).len(), 1, "{:?}", findings(en));
}

// ---------------------------------------------------------------- German marks the writer paired

#[test]
fn german_quotation_running_through_paragraphs_without_opening_marks_is_balanced() {
    for t in [
        // Paragraphs with no mark at their start, an inner „…“ in the last one.
        "Die Richterin sagte zum Schluss:\n\n„Wir haben lange beraten und sind zu einem Urteil gekommen, das niemanden ganz zufriedenstellt.\n\nBedenken Sie, wenn Sie über den Fall sprechen, dass hier niemand gewonnen hat.\n\nErst dann haben Sie den Satz „im Zweifel für den Angeklagten“ wirklich verstanden.“\n\nDie Sitzung war beendet.\n",
        // A quoted rule with an elision and a numbered item, one paragraph per line.
        "Die Regel lautet so, und sie ist seit dem vergangenen Jahr in Kraft, wie das Ministerium mitteilte.\n\n„Die Behörde darf nach dem Gesetz die folgenden Mittel einsetzen, wenn ein Richter zustimmt:\n[…]\n11. das heimliche Mitlesen von Nachrichten in sozialen Netzen, soweit ein Richter es vorher erlaubt hat.“\n\nDie Sitzung war beendet.\n",
    ] {
        assert!(rule_hits(t, "unbalanced-quote").is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn german_quotation_never_closed_is_still_reported() {
    // No closing mark in the paragraphs after it: the writer did forget one.
    let t = "Die Richterin sagte zum Schluss:\n\n„Wir haben lange beraten und sind zu einem Urteil gekommen, das niemanden ganz zufriedenstellt.\n\nDie Sitzung war danach beendet, und alle gingen nach Hause.\n\nAm Abend regnete es.\n";
    assert_eq!(rule_hits(t, "unbalanced-quote"), vec!["„"], "{:?}", findings(t));
}

#[test]
fn wiki_apostrophes_inside_a_german_quotation_are_not_its_marks() {
    for t in [
        "Der Sprecher sagte: „Wir haben das Geld''(sic!)'' leider nicht mehr, und das wissen alle hier.“\n\nDie Sitzung ging weiter.\n",
        "Der Sprecher sagte: „Wir haben das Geld ''(sic!)'' leider nicht mehr, und das wissen alle hier.“\n\nDie Sitzung ging weiter.\n",
    ] {
        assert!(rule_hits(t, "unbalanced-quote").is_empty(), "{t}: {:?}", findings(t));
    }
    // Outside a „…“ quotation, two apostrophes still stand for a double mark: ''Like this.''
    let open = "Nothing else was heard. ''We will rebuild every school in the region, whatever it costs.\n\nThe session ended.\n";
    assert_eq!(rule_hits(open, "unbalanced-quote").len(), 1, "{:?}", findings(open));
}

// ---------------------------------------------------------------- German word order (issue 27)

#[test]
fn german_speaker_named_before_with_any_verb_attributes() {
    for t in [
        "Die Schulen sollen kleiner werden. Um Platz zu schaffen, will Hofmeister die Klassen teilen. „Nicht jede Klasse braucht dreißig Kinder, um gut zu lernen.“\n",
        "Die Frage nach den Kosten kam am Ende. Auf die Frage nach dem Geld reagierte er gereizt. „Haben Sie die Zahlen überhaupt gelesen, bevor Sie fragen?“\n",
        "Lena Schäfer, die Leiterin des Tierheims, verteidigte den Plan. „Wir können nicht jedes Tier für immer hier behalten.“\n",
        "Nach langen Gesprächen sei er zu dem Schluss gekommen, dass es keinen anderen Weg gebe. „Ich sehe keine bessere Lösung für die Stadt.“\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn german_noun_phrase_and_back_reference_attribute() {
    for t in [
        "Nach Ansicht von Stadträtin Vogel ist die Entscheidung noch offen. „Es ist nur ein Entwurf, und Entwürfe werden oft geändert.“\n",
        "Nach einer vom Verein veröffentlichten Erklärung ist der Trainer entlassen. „Wir danken ihm für drei gute und erfolgreiche Jahre.“\n",
        "„Ja, wir haben Fehler gemacht“. Das musste die Bürgermeisterin am Dienstag im Rat einräumen.\n",
        "„Wer nicht wagt, der nicht gewinnt, und wer nicht fragt, bleibt dumm.“ Diese oft dem Großvater zugeschriebene Weisheit gilt noch.\n",
        "„Jeder Zweite fährt lieber mit dem Rad als mit dem Bus zur Arbeit.“ Das ist die Kernaussage einer Umfrage der Stadt.\n",
        "„Wo ist das Geld für die neue Schule geblieben?“, wollten die Eltern am Abend wissen.\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
}

#[test]
fn german_sentences_that_name_nobody_do_not_attribute() {
    // The sentence before names no person (nouns after articles and adjectives, a number);
    // the sentence after opens with a demonstrative but says nothing was said.
    for t in [
        "Das Auto hat einen Preis von rund 250.000 Euro. „Die Produktion wird in den nächsten Jahren nicht ausgebaut.“\n",
        "Fünf Jahre nach dem Start gibt es über 300 Schulen im Land. „Die Schule ist in der Landschaft angekommen und hat sich etabliert.“\n",
        "„Die Produktion wird in den nächsten Jahren nicht ausgebaut.“ Das Werk steht in einer kleinen Stadt im Süden.\n",
    ] {
        assert_eq!(unattributed(t).len(), 1, "{t}: {:?}", findings(t));
    }
}

#[test]
fn german_partial_quotation_needs_someone_in_its_sentence() {
    // German capitalises every noun: nouns after articles name nobody, and the partial
    // quotation in an indicative sentence is nobody's.
    let t = "Die Ausstellung im Rathaus ist bis März zu sehen.\n\nDie Schwerpunkte der Schau sind „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
    // A pronoun, a verb of reported speech, an institution or document that speaks, a
    // person's noun or a name without an article name someone who said it.
    for sentence in [
        "Sie nannte die Schau „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.",
        "Die Schwerpunkte der Schau seien „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.",
        "Die Schwerpunkte der Schau sind laut Katalog „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.",
        "Das Gericht sieht in der Schau „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.",
        "Die Kuratorin sieht in der Schau „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.",
        "Huber sieht in der Schau „die Stadt, ihre Menschen und die Frage, wie sie zusammenleben“.",
    ] {
        let t = format!("Die Ausstellung im Rathaus ist bis März zu sehen.\n\n{sentence}\n");
        assert!(unattributed(&t).is_empty(), "{t}: {:?}", findings(&t));
    }
    // English partial quotations keep the English check: any name counts.
    let en = "The exhibition runs until March.\n\nThe Museum calls it “the city, its people and the question of how they live together”.\n";
    assert!(unattributed(en).is_empty(), "{:?}", findings(en));
}

// ---------------------------------------------------------------- French and Russian (fixtures only)

#[test]
fn french_conventions_attribute_and_a_bare_quotation_is_flagged() {
    for t in [
        "« Nous allons rouvrir toutes les écoles du quartier avant l'hiver », a-t-il dit mardi.\n",
        "« La décision a été prise après de longues discussions avec les parents », a-t-elle déclaré.\n",
        "Selon la maire, « les travaux du pont commenceront au printemps prochain ».\n",
        "« Le budget ne permet aucune nouvelle dépense cette année », a ajouté le ministre.\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    let t = "La réunion s'est terminée tard.\n\n« Nous allons rouvrir toutes les écoles du quartier avant l'hiver. »\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

#[test]
fn russian_conventions_attribute_and_a_bare_quotation_is_flagged() {
    for t in [
        "«Мы откроем новую школу в нашем районе уже в сентябре», — сказал глава района.\n",
        "«Решение было принято после долгих переговоров с жителями», — заявила Петрова.\n",
        "По словам мэра, «ремонт моста начнётся весной следующего года».\n",
        "Как отметил министр, «бюджет не позволяет новых расходов в этом году».\n",
    ] {
        assert!(unattributed(t).is_empty(), "{t}: {:?}", findings(t));
    }
    let t = "Заседание закончилось поздно.\n\n«Мы откроем новую школу в нашем районе уже в сентябре».\n";
    assert_eq!(unattributed(t).len(), 1, "{:?}", findings(t));
}

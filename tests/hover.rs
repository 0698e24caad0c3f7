//! Hover cards from the core: entity cards on any name (in or out of quotations) and the
//! attribution of a quotation.

use copydesk::{analyze, hover::hover, Config, Markup};

fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"))
}

#[test]
fn card_on_a_name_outside_and_inside_a_quotation() {
    let cfg = Config::default();
    let t = "Islamic State (ISIS) fighters withdrew. Later ISIL units regrouped.\n\n“ISIL is finished here,” the general said.\n";
    let a = analyze(t, Markup::Plain, &cfg);
    let (md, s, e) = hover(&a, &cfg, at(t, "ISIL units") + 1).expect("card");
    assert_eq!(&t[s..e], "ISIL");
    assert!(md.starts_with("### Islamic State (ISIS)"), "{md}");
    assert!(md.contains("**Other names:**"), "{md}");
    assert!(md.contains("**Use in this story:** Islamic State / ISIS"), "{md}");
    assert!(md.contains("**Names in this story:** ISIL, ISIS, Islamic State"), "{md}");
    let (md, _, _) = hover(&a, &cfg, at(t, "ISIL is") + 1).expect("card in quote");
    assert!(md.contains("inside a quotation"), "{md}");
}

#[test]
fn quotation_hover_says_who_and_how() {
    let cfg = Config::default();
    let t = "“We will rebuild every school in the region,” Pushkov told TASS.\n\nThe schools closed in March.\n\n“Nobody will ever claim these words as their own, it seems.”\n";
    let a = analyze(t, Markup::Plain, &cfg);
    let (md, s, _) = hover(&a, &cfg, at(t, "rebuild")).expect("quote hover");
    assert_eq!(s, 0);
    assert!(md.contains("**Quotation attributed to:** Pushkov"), "{md}");
    assert!(md.contains("cue: “told”"), "{md}");
    let (md, _, _) = hover(&a, &cfg, at(t, "Nobody")).expect("quote hover");
    assert!(md.starts_with("**Unattributed quotation.**"), "{md}");
    assert!(hover(&a, &cfg, at(t, "TASS") + 1).is_none() || hover(&a, &cfg, at(t, "TASS") + 1).unwrap().0.contains("###"));
}

#[test]
fn quotation_hover_names_the_speaker_carried_from_the_previous_paragraph_and_a_partial_quotes() {
    let cfg = Config::default();
    let t = "“We will rebuild the school by next autumn,” Mayor Ortiz said.\n\n“The money is already in the budget and the builders are hired.”\n\nOrtiz called the plan “the best use of the money we have.”\n";
    let a = analyze(t, Markup::Plain, &cfg);
    let (md, _, _) = hover(&a, &cfg, at(t, "The money")).expect("quote hover");
    assert!(md.contains("**Quotation attributed to:** Mayor Ortiz"), "{md}");
    assert!(md.contains("previous paragraph"), "{md}");
    let (md, _, _) = hover(&a, &cfg, at(t, "the best use")).expect("partial quote hover");
    assert!(md.contains("**Quotation attributed to:** Ortiz"), "{md}");
    assert!(md.contains("cue: “called”"), "{md}");
}

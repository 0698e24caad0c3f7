//! Story-like text for benchmarks, generated deterministically (no `rand`: a xorshift
//! generator seeded by the caller), shared by the benches (`#[path]`-free: `mod common;`).
//!
//! A story is a headline, a dateline paragraph and about a dozen paragraphs, ~4.6 KB, written
//! the way wire copy is: most paragraphs are the reporter's narrative, about a third hold a
//! quotation attributed in one of the usual ways (`“…,” she said.`, `Pushkov said: “…”`,
//! `according to`, `“…” — Name`, straight `"…," he said`, guillemets, a nested ‘…’, a quote
//! running over two paragraphs), a few are woven partial quotes or scare quotes, and about one
//! in twenty quotations has no attribution. Entity names come from the built-in glossary:
//! each story has a topic (Islamic State, al-Qaeda, Kyiv, Gadhafi, …), mostly uses one form of
//! it, defines it at first reference about half the time (`Islamic State (ISIS)`), and slips
//! into another form (ISIL, Daesh, Kiev, al-Qaida) now and then. Some Markdown: the headline
//! is a `#` heading, a few words are emphasised, some paragraphs carry a link, some stories
//! have a bullet list or a block quote. Apostrophes (`don’t`, `Russia’s`, `’90s`) are there
//! to be told apart from single quotation marks.

#![allow(dead_code)]

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545F4914F6CDD1D)
    }
    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// true with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
}

/// A story's topic: the glossary entity it is about, its forms (the first is the one the
/// story mostly uses), and how it is defined at first reference.
struct Topic {
    usual: &'static [&'static str],
    slips: &'static [&'static str],
    definition: &'static str,
    /// A place name fits a dateline.
    dateline: Option<&'static str>,
}

const TOPICS: &[Topic] = &[
    Topic {
        usual: &["Islamic State", "ISIS"],
        slips: &["ISIL", "Daesh", "Islamic State of Iraq and the Levant"],
        definition: "the Islamic State group (ISIS)",
        dateline: None,
    },
    Topic {
        usual: &["ISIL"],
        slips: &["ISIS", "Islamic State", "Daesh"],
        definition: "the Islamic State of Iraq and the Levant (ISIL)",
        dateline: None,
    },
    Topic { usual: &["al-Qaeda"], slips: &["al-Qaida", "Al Qaeda", "al Qaeda"], definition: "al-Qaeda", dateline: None },
    Topic { usual: &["Kyiv"], slips: &["Kiev"], definition: "Kyiv", dateline: Some("KYIV, Ukraine") },
    Topic { usual: &["Kiev"], slips: &["Kyiv"], definition: "Kiev", dateline: Some("KIEV, Ukraine") },
    Topic {
        usual: &["Moammar Gadhafi", "Gadhafi"],
        slips: &["Gaddafi", "Qaddafi", "Muammar Gaddafi"],
        definition: "Moammar Gadhafi",
        dateline: Some("TRIPOLI, Libya"),
    },
    Topic { usual: &["Hezbollah"], slips: &["Hizbollah", "Hizballah"], definition: "Hezbollah", dateline: Some("BEIRUT") },
    Topic {
        usual: &["NATO"],
        slips: &["Nato", "North Atlantic Treaty Organization"],
        definition: "the North Atlantic Treaty Organization (NATO)",
        dateline: Some("BRUSSELS"),
    },
    Topic {
        usual: &["Volodymyr Zelenskyy", "Zelenskyy"],
        slips: &["Zelensky", "Zelenskiy"],
        definition: "Volodymyr Zelenskyy",
        dateline: Some("KYIV, Ukraine"),
    },
    Topic { usual: &["Odesa"], slips: &["Odessa"], definition: "Odesa", dateline: Some("ODESA, Ukraine") },
];

/// Other names a story may mention once or twice in passing.
const PASSING: &[&str] = &[
    "the United Nations",
    "the U.N.",
    "the European Union",
    "the State Duma",
    "Russia’s Federal Security Service (FSB)",
    "Kharkiv",
    "Turkey",
    "the Taliban",
    "Hamas",
    "Bashar Assad",
    "Recep Tayyip Erdogan",
    "Dmitry Peskov",
    "the Pentagon",
    "the White House",
    "Damascus",
    "Baghdad",
];

const SPEAKERS: &[&str] = &[
    "Alexei Pushkov",
    "Maria Hernandez",
    "Col. James Whitfield",
    "Sen. Patty Murray",
    "Amira Haddad",
    "Oleksandr Kovalenko",
    "Dr. Ben Okafor",
    "Gov. Laura Kelly",
    "Jean-Pierre Martin",
    "Nadia Petrova",
];

const ROLES: &[&str] = &[
    "a spokesman for the ministry",
    "the regional governor",
    "a senior U.S. official",
    "a local commander",
    "an analyst at the Carnegie Endowment",
    "the mayor",
    "a resident of the district",
];

const VERBS_AFTER: &[&str] = &[
    "said",
    "said",
    "said",
    "told reporters",
    "added",
    "told The Associated Press",
    "wrote on Twitter",
    "said in a statement",
    "recalled",
    "warned",
];

const SUBJECTS: &[&str] = &[
    "Officials",
    "The council",
    "Residents",
    "Investigators",
    "The ministry",
    "Aid workers",
    "Lawmakers",
    "The coalition",
    "Local police",
    "Diplomats",
    "The defense ministry",
    "Witnesses",
];

const VERBS: &[&str] = &[
    "said on Tuesday that",
    "met for three hours to discuss",
    "have been preparing for",
    "declined to comment on",
    "pointed to",
    "are still counting",
    "spent most of the week negotiating",
    "warned again about",
    "released new figures on",
    "could not confirm",
];

const OBJECTS: &[&str] = &[
    "the budget for the new bridge over the river",
    "the ceasefire along the southern front",
    "a shipment of medical supplies",
    "the damage to the power grid",
    "the number of people displaced since the spring",
    "a plan to reopen the schools",
    "the talks scheduled for next month",
    "the checkpoints on the main highway",
    "reports of shelling overnight",
    "the cost of rebuilding the hospital",
    "the detention of two journalists",
    "the evacuation of the old town",
];

const TAILS: &[&str] = &[
    "",
    ", according to a report released on Monday",
    " before the end of the year",
    ", although the details were not made public",
    " as temperatures dropped below freezing",
    ", the third such meeting since March",
    " in the ’90s and again in 2014",
    " despite the region’s long history of unrest",
];

const QUOTES: &[&str] = &[
    "We don’t have enough generators for the hospitals, and the winter is coming",
    "Nobody here expected it to last this long",
    "This is not a question of money, it is a question of will",
    "We will rebuild, but we need the roads open first",
    "People are tired, but they are not giving up",
    "I have lived here for forty years and I have never seen anything like this",
    "The agreement is fragile and everyone knows it",
    "We are asking for one thing: let the trucks through",
    "It was the worst night since the summer",
    "There is no military solution to this, there never was",
    "Our teams are working around the clock",
    "We heard the explosions at about three in the morning",
];

const PARTIALS: &[&str] = &[
    "a reckless gamble",
    "deeply troubling",
    "the last chance for a deal",
    "a matter of weeks",
    "unacceptable under any circumstances",
    "a turning point",
];

const SCARE: &[&str] = &["caliphate", "special operation", "liberated", "peace dividend", "red line"];

const HEADLINES: &[&str] = &[
    "Talks stall as winter nears",
    "City counts the cost after night of shelling",
    "Aid convoy reaches besieged town",
    "Officials weigh new sanctions",
    "Residents return to a changed city",
    "Ceasefire holds for a third day",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

struct Writer<'t> {
    r: Rng,
    topic: &'t Topic,
    /// Percent of mentions that slip into another form.
    slip: usize,
    out: String,
}

impl Writer<'_> {
    fn name(&mut self) -> &'static str {
        if self.r.chance(self.slip) {
            self.r.pick(self.topic.slips)
        } else {
            self.r.pick(self.topic.usual)
        }
    }

    /// A narrative sentence, with the topic or a passing name now and then.
    fn sentence(&mut self) -> String {
        let subject = self.r.pick(SUBJECTS);
        let verb = self.r.pick(VERBS);
        let object = match self.r.below(10) {
            0..=2 => {
                let n = self.name();
                format!(
                    "{} {}",
                    self.r.pick(OBJECTS),
                    if n.starts_with(char::is_uppercase) { format!("near territory held by {}", n) } else { format!("linked to {}", n) }
                )
            }
            3 => format!("{} and {}", self.r.pick(OBJECTS), self.r.pick(PASSING)),
            4 if self.r.chance(30) => format!("*{}*", self.r.pick(OBJECTS)),
            _ => self.r.pick(OBJECTS).to_string(),
        };
        let tail = self.r.pick(TAILS);
        format!("{} {} {}{}.", subject, verb, object, tail)
    }

    fn quote_text(&mut self) -> String {
        let mut q = self.r.pick(QUOTES).to_string();
        if self.r.chance(25) {
            q.push_str(". ");
            let n = self.name();
            q.push_str(&format!("{} is not going anywhere", n));
        }
        q
    }

    fn speaker(&mut self) -> String {
        if self.r.chance(60) {
            self.r.pick(SPEAKERS).to_string()
        } else {
            self.r.pick(ROLES).to_string()
        }
    }

    fn surname(full: &str) -> &str {
        full.rsplit(' ').next().unwrap_or(full)
    }

    fn paragraph(&mut self, i: usize) {
        let r = self.r.below(100);
        let p = match r {
            // Narrative: two or three sentences.
            0..=44 => {
                let n = 2 + self.r.below(2);
                let mut s: Vec<String> = (0..n).map(|_| self.sentence()).collect();
                if self.r.chance(8) {
                    s.push(format!("Details are on the [ministry’s website](https://example.gov/reports/{}).", self.r.below(1000)));
                }
                s.join(" ")
            }
            // “…,” Name said. Sentence.
            45..=59 => {
                let q = self.quote_text();
                let sp = self.speaker();
                let v = self.r.pick(VERBS_AFTER);
                let order = if self.r.chance(30) && !sp.starts_with(char::is_lowercase) {
                    format!("{} {}", v, sp)
                } else {
                    format!("{} {}", sp, v)
                };
                format!("“{},” {}. {}", q, order, self.sentence())
            }
            // Sentence. Name said: “…”
            60..=66 => {
                let sp = self.speaker();
                format!("{} {} said: “{}.”", self.sentence(), capitalise(&sp), self.quote_text())
            }
            // Straight quotes.
            67..=72 => {
                let sp = Self::surname(self.r.pick(SPEAKERS)).to_string();
                format!("\"{},\" {} said. \"{}.\"", self.quote_text(), sp, self.quote_text())
            }
            // According to …
            73..=76 => {
                let sp = self.speaker();
                format!("According to {}, “{}.” {}", sp, self.quote_text(), self.sentence())
            }
            // Nested single quotation.
            77..=79 => {
                let sp = self.speaker();
                format!("“He looked at me and said, ‘{},’ and then he left,” {} said.", self.r.pick(QUOTES), sp)
            }
            // Partial quote woven into the sentence; scare quote.
            80..=85 => {
                let sp = self.r.pick(SPEAKERS);
                let n = self.name();
                format!(
                    "{} called the plan “{}” and said {} had exploited the so-called “{}” for years. {}",
                    sp,
                    self.r.pick(PARTIALS),
                    n,
                    self.r.pick(SCARE),
                    self.sentence()
                )
            }
            // Dash attribution.
            86..=88 => format!("“{}.” — {}", self.quote_text(), self.r.pick(SPEAKERS)),
            // Guillemets.
            89..=90 => format!("«{}», {} said. {}", self.quote_text(), self.r.pick(SPEAKERS), self.sentence()),
            // A quotation running over two paragraphs.
            91..=93 => {
                let sp = self.speaker();
                format!("“{}. {}.\n\n“{},” {} said.", self.quote_text(), self.quote_text(), self.quote_text(), sp)
            }
            // Unattributed.
            _ => format!("{} “{}.”", self.sentence(), self.quote_text()),
        };
        self.out.push_str(&p);
        self.out.push_str("\n\n");
        // Some Markdown structure after the fourth paragraph of some stories.
        if i == 4 && self.r.chance(25) {
            for _ in 0..3 {
                let o = capitalise(self.r.pick(OBJECTS));
                self.out.push_str(&format!("- {}\n", o));
            }
            self.out.push('\n');
        } else if i == 7 && self.r.chance(15) {
            let q = self.quote_text();
            self.out.push_str(&format!("> “{},” {} said.\n\n", q, self.r.pick(SPEAKERS)));
        }
    }
}

/// One story of about `target` bytes (4,600 is typical), deterministic in `seed`.
pub fn story_sized(seed: u64, target: usize) -> String {
    let mut r = Rng::new(seed);
    let topic = &TOPICS[r.below(TOPICS.len())];
    // Most stories are consistent; about a third slip now and then.
    let slip = if r.chance(35) { 15 } else { 0 };
    let mut w = Writer { r, topic, slip, out: String::with_capacity(target + 1024) };
    let headline = w.r.pick(HEADLINES);
    let head_name = w.r.pick(w.topic.usual);
    w.out.push_str(&format!("# {}: {}\n\n", head_name, headline));
    let lead = w.sentence();
    let def = if w.r.chance(50) { w.topic.definition } else { w.r.pick(w.topic.usual) };
    let dateline = w.topic.dateline.unwrap_or("WASHINGTON");
    w.out.push_str(&format!("{} — Fighting linked to {} has intensified this week. {}\n\n", dateline, def, lead));
    let mut i = 0;
    while w.out.len() < target {
        w.paragraph(i);
        i += 1;
    }
    w.out
}

/// One story of about 4.6 KB.
pub fn story(seed: u64) -> String {
    story_sized(seed, 4_400)
}

/// Stories one after another until the text holds at least `bytes` bytes (each story keeps
/// its `#` headline, so a long text reads as a collection of stories or a long manuscript).
pub fn stories(bytes: usize, seed: u64) -> String {
    let mut out = String::with_capacity(bytes + 8_192);
    let mut k = 0;
    while out.len() < bytes {
        out.push_str(&story(seed.wrapping_mul(1_000_003).wrapping_add(k)));
        k += 1;
    }
    out
}

/// Text of about `bytes` bytes: whole stories, the last one cut at a paragraph break so that
/// the length is within a paragraph of `bytes` (a 5 KB input is one story).
pub fn input(bytes: usize, seed: u64) -> String {
    let mut t = stories(bytes, seed);
    if t.len() > bytes {
        let cut = t[..bytes].rfind("\n\n").map_or(t.len(), |i| i + 2);
        t.truncate(cut);
    }
    t
}

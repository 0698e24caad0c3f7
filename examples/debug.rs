//! Developer aid: `cargo run --example debug -- FILE` prints the blocks, quotations (kind,
//! attribution) and stray marks the core finds; `--stats DIR` counts quotations and
//! unattributed-quote findings over a folder of .txt files.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cfg = copydesk::Config::default();
    if args.first().map(String::as_str) == Some("--stats") {
        let (mut spans, mut direct, mut flagged) = (0, 0, 0);
        let dir = std::path::Path::new(&args[1]);
        for e in std::fs::read_dir(dir).expect("a folder") {
            let p = e.unwrap().path();
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            let a = copydesk::analyze(&text, copydesk::Markup::Plain, &cfg);
            spans += a.quotes.quotes.iter().filter(|q| q.span.depth == 0).count();
            direct += a.quotes.quotes.iter().filter(|q| q.kind == copydesk::quotes::QuoteKind::Direct).count();
            flagged += copydesk::rules::run(&a, &cfg).iter().filter(|f| f.rule.id() == "unattributed-quote").count();
        }
        println!(
            "quoted spans {spans}, direct {direct}, unattributed-quote {flagged}, per 1000 spans {:.1}",
            flagged as f64 * 1000.0 / spans as f64
        );
        return;
    }
    let path = &args[0];
    let text = std::fs::read_to_string(path).unwrap();
    let a = copydesk::analyze(&text, copydesk::Markup::from_path(path), &cfg);
    for b in &a.prose.blocks {
        println!("block {:?} {:?}", b, &text[b.start..b.end.min(b.start + 40)]);
    }
    for q in &a.quotes.quotes {
        let att = q.attribution.map(|x| (x.pattern, x.speaker.map(|(s, e)| &text[s..e])));
        println!(
            "{:?} {:?} run={} block={} closed={} {:?}",
            q.kind,
            att,
            q.span.run,
            q.span.block,
            q.span.closed,
            &text[q.span.start..q.span.end]
        );
    }
    for s in &a.quotes.strays {
        println!("stray {:?}", s);
    }
}

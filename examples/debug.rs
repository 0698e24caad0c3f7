fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let cfg = copydesk::Config::default();
    let a = copydesk::analyze(&text, copydesk::Markup::from_path(&path), &cfg);
    for b in &a.prose.blocks { println!("block {:?} {:?}", b, &text[b.start..b.end.min(b.start+40)]); }
    for q in &a.quotes.quotes {
        println!("{:?} {:?} run={} block={} closed={} {:?}", q.kind, q.attribution.map(|x| x.pattern), q.span.run, q.span.block, q.span.closed, &text[q.span.start..q.span.end]);
    }
    for s in &a.quotes.strays { println!("stray {:?}", s); }
}

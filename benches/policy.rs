//! Criterion benches for `credkit::policy`.

fn main() {}

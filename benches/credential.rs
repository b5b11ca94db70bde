//! Criterion benches for `credkit::credential`.

fn main() {}

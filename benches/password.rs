//! Criterion benches for `credkit::password`.

fn main() {}

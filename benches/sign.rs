//! Criterion benches for `credkit::sign`.

fn main() {}

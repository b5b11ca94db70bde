//! Criterion benches for `credkit::otp`.

fn main() {}

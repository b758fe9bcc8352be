//! The base layer: small pieces every other layer uses and that use nothing of the
//! workbook's own above them (only `strings` for the Russian words of their errors), so
//! that the modules' imports run one way. Stable hashing, the pseudo-random core,
//! numbers the Russian way, positions in text and TOML errors.

pub mod calendar;
pub mod csv;
pub mod file;
pub mod hash;
pub mod memo;
pub mod number;
pub mod rng;
pub mod text;

//! Datasets: loading, the generator, RFM, the SQL sandbox.
pub mod decimal;
pub mod generate;
pub mod rfm;
pub mod sql;

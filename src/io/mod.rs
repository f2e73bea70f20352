//! Input and output of rows.

pub mod labeled;
pub mod read;
pub mod target;
pub mod write;

//! Input and output of rows.

pub mod labeled;
pub mod read;
pub mod write;
pub mod target;

//! Evaluation: metrics on labeled data.

pub mod compare;
pub mod metrics;
pub mod report;

//! Evaluation: metrics on labeled data.

pub mod metrics;

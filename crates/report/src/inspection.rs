//! The inspection list in words: the inspection report's sheets and the
//! blank inspection form.

pub mod report;
pub mod template;

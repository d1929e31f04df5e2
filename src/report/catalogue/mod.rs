//! Every word a person reads about what the core found, in one place: each
//! message written as a Chinese/English pair side by side, produced from the
//! typed value the core returns.

pub mod awards;
pub mod inspection;
pub mod read;

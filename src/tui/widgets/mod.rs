//! Pieces that editors and screens share: a line of text being typed, and a form of
//! fields with focus, typing, validation and a draft of what is typed.

pub mod form;
pub mod line_input;

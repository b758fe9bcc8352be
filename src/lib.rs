//! crm-workbook: a terminal workbook for the course «МДК 01.05 CRM-маркетинг».
//!
//! Data flows one way: TOML and CSV in → typed model ([`course`]) → pure grading
//! ([`kinds`]) → progress store ([`store`]) → screens ([`tui`]). Nothing below `tui`
//! knows a terminal exists.

pub mod base;
pub mod cli;
pub mod commands;
pub mod course;
pub mod data;
pub mod grading;
pub mod kinds;
pub mod rubric;
pub mod scenario;
pub mod store;
pub mod strings;
pub mod tui;

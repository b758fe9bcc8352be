//! Tests of the free-text kinds.

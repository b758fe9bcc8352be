//! Unit tests of the `sql` kind's three modes.

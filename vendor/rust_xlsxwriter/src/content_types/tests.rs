// The published crate's unit tests are left out of this copy (see PATCHED.md).

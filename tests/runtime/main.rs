//! Runtime behaviour tests.

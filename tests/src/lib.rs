//! Harness of the conformance cases in `conformance/`.

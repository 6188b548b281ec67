//! Python bindings of zonescore (PyO3).

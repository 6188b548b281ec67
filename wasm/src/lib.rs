//! WebAssembly bindings of zonescore (wasm-bindgen).

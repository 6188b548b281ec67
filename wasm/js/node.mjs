// Node's ES-module entry of `zonescore`: the names of the browser module, from the Node
// build (which reads its .wasm from disk when first imported), plus an `init` and an
// `initSync` that have nothing left to do, so code written for the browser
// (`await init()`) runs unchanged in Node.
export * from "../pkg/node/zonescore.js";

/** Nothing to fetch in Node: the module is ready once imported. */
export default async function init() {}

/** Nothing to compile in Node: the module is ready once imported. */
export function initSync() {}

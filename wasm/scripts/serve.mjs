// A small static file server for the demo form and the browser tests: serves wasm/ and
// tests/ of the repository on 127.0.0.1 (nothing else), with the MIME types a browser
// needs for ES modules and WebAssembly streaming compilation.
// Usage: node scripts/serve.mjs [port]   (then open http://127.0.0.1:<port>/wasm/www/)
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const served = ["wasm", "tests"];
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".toml": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
};

/** Starts the server; resolves to {server, url} once it listens. */
export function startServer(port = 0) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const relative = normalize(path).replace(/^[/\\]+/, "");
    const top = relative.split(sep)[0];
    let file = join(root, relative);
    if (!served.includes(top) || relative.includes("..")) {
      res.writeHead(404).end("not found");
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      statSync(file);
    } catch {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://127.0.0.1:${actual}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(Number(process.argv[2] ?? 8080));
  console.log(`demo form: ${url}/wasm/www/`);
}

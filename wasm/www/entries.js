// What a person typed, kept safe: entries saved in the browser per ruleset and restored on
// reload, the page's own confirm dialog before entries are replaced, and the file download.

const KEY = (rulesetId) => `zonescore.form.v1.${rulesetId}`;

/**
 * The entries saved for a ruleset: {entries: Map pointer → text, extra: JSON text or null},
 * or null when none are saved (or the browser keeps no storage for this page).
 */
export function loadEntries(rulesetId) {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY(rulesetId)) ?? "null");
    if (!saved || typeof saved.entries !== "object") return null;
    const entries = new Map(Object.entries(saved.entries).filter(([, v]) => typeof v === "string" && v !== ""));
    return { entries, extra: typeof saved.extra === "string" ? saved.extra : null };
  } catch {
    return null;
  }
}

/**
 * Saves a ruleset's entries (the text of every control that is not empty, as typed) and
 * the JSON text of the members the form keeps without showing (`meta`); removes the saved
 * copy when there is nothing to keep. Returns false when the browser refuses to store.
 */
export function saveEntries(rulesetId, entries, extraJson) {
  try {
    const kept = Object.fromEntries([...entries].filter(([, v]) => v !== ""));
    if (Object.keys(kept).length === 0 && !extraJson) localStorage.removeItem(KEY(rulesetId));
    else localStorage.setItem(KEY(rulesetId), JSON.stringify({ entries: kept, extra: extraJson ?? null }));
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks in the page's own dialog (`<dialog id="confirm">`, never `window.confirm`, so the
 * page stays in control and tests can answer it). Resolves true for OK, false for cancel
 * or Escape.
 */
export function ask(message, okLabel, cancelLabel) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-text").textContent = message;
  const ok = document.getElementById("confirm-ok");
  const cancel = document.getElementById("confirm-cancel");
  ok.textContent = okLabel;
  cancel.textContent = cancelLabel;
  return new Promise((resolve) => {
    const done = (answer) => {
      ok.removeEventListener("click", yes);
      cancel.removeEventListener("click", no);
      dialog.removeEventListener("cancel", no);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const yes = () => done(true);
    const no = (event) => {
      event?.preventDefault();
      done(false);
    };
    ok.addEventListener("click", yes);
    cancel.addEventListener("click", no);
    dialog.addEventListener("cancel", no);
    dialog.showModal();
    cancel.focus();
  });
}

/** Offers `text` as a file download named `name`. */
export function download(name, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from parts (zone name, year), without characters file systems refuse. */
export function fileName(parts, fallback) {
  const name = parts.filter(Boolean).join("-").replace(/[\\/:*?"<>|\s]+/g, "_");
  return `${name || fallback}.json`;
}

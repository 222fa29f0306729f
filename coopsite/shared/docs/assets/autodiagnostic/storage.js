// Autosave in localStorage, keyed by grid id and version. Never throws:
// a sandboxed frame, private browsing or a full quota just mean « no saving ».

export const PREFIX = "coopsite:autodiagnostic:";

export function storageKey(gridId, gridVersion, prefix = PREFIX) {
  return `${prefix}${gridId}:${gridVersion}`;
}

function probe() {
  try {
    const store = window.localStorage;
    const test = `${PREFIX}test`;
    store.setItem(test, "1");
    store.removeItem(test);
    return store;
  } catch {
    return null;
  }
}

/**
 * The saved entry of one grid version. `prefix` and `field` name another kind
 * of entry (the mutual diagnosis keeps `{saved, group}` under its own prefix).
 */
export function openStorage(gridId, gridVersion, { prefix = PREFIX, field = "answers" } = {}) {
  let store = probe();
  const key = storageKey(gridId, gridVersion, prefix);
  return {
    key,
    get available() {
      return store !== null;
    },
    /** {status: "unavailable" | "empty" | "corrupt" | "ok", answers?, saved?} */
    load() {
      if (!store) return { status: "unavailable" };
      let raw;
      try {
        raw = store.getItem(key);
      } catch {
        store = null;
        return { status: "unavailable" };
      }
      if (raw === null) return { status: "empty" };
      try {
        const parsed = JSON.parse(raw);
        const answers = parsed && parsed[field];
        if (!answers || typeof answers !== "object" || Array.isArray(answers)) return { status: "corrupt" };
        return { status: "ok", answers, saved: typeof parsed.saved === "string" ? parsed.saved : null };
      } catch {
        return { status: "corrupt" };
      }
    },
    /** Keys of answers saved for another grid or grid version. */
    otherKeys() {
      if (!store) return [];
      try {
        const keys = [];
        for (let i = 0; i < store.length; i += 1) {
          const name = store.key(i);
          if (name && name.startsWith(prefix) && name !== key) keys.push(name);
        }
        return keys;
      } catch {
        return [];
      }
    },
    /** Saves; false when the browser refuses (the caller says so). */
    save(answers) {
      if (!store) return false;
      try {
        store.setItem(key, JSON.stringify({ saved: new Date().toISOString(), [field]: answers }));
        return true;
      } catch {
        return false;
      }
    },
    clear() {
      if (!store) return;
      try {
        store.removeItem(key);
      } catch {
        // nothing saved, nothing to clear
      }
    },
    clearOthers() {
      for (const name of this.otherKeys()) {
        try {
          store.removeItem(name);
        } catch {
          // ignored: the next visit will offer it again
        }
      }
    },
  };
}

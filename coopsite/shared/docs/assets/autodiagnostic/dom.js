// Small DOM and text helpers shared by the self-test's views.

/** Element helper: h("p", {class: "x"}, "text", child). Text is always set as text, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** « 66,7 % » (decimal comma, non-breaking space), or « — » for no score. */
export const percentText = (value) => (value === null ? "—" : `${String(value).replace(".", ",")}\u00a0%`);
export const plural = (count, one, many) => `${count} ${count > 1 ? many : one}`;

/** Offers `text` as a file named `name`. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = h("a", { href: url, download: name, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Copies `text` to the clipboard; false when the browser does not allow it. */
export async function copyText(text) {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A horizontally scrollable box for a wide table, reachable by keyboard and named after it. */
export function scrollBox(table, label) {
  return h("div", { class: "coop-st__scroll", tabindex: "0", role: "region", "aria-label": label }, table);
}

// The header's search box on every page: the keys Material gave its search
// (/, s or f) put the cursor in it, unless one is typing in a field.

// On the search page, its own box takes the cursor.
const box = document.querySelector("#coop-search-q") || document.querySelector("[data-coop-search-box]");

if (box) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (!["/", "s", "f"].includes(event.key)) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"))) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
}

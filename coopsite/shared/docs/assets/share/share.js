// The « Partager » menus (coopsite/renderer/templates/partials/share.html.j2).
// Without this module each menu is a <details> of plain links; with it, a
// menu also offers « Copier le lien », the system share sheet where there is
// one, Mastodon on the reader's own instance, and Escape closes it.
// Nothing of a third party is loaded: the share links only open on a click.

const MASTODON_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?$/i;

function details(target) {
  return target instanceof Element ? target.closest("details.coop-share") : null;
}

function say(menu, message) {
  const status = menu.querySelector(".coop-share__status");
  status.textContent = "";
  // A new text node each time, so that the same message is announced again.
  requestAnimationFrame(() => { status.textContent = message; });
}

function prepare(menu) {
  if (menu.dataset.shareReady) return;
  menu.dataset.shareReady = "1";
  const url = new URL(menu.dataset.shareUrl, document.baseURI).href;
  menu.dataset.shareAbsolute = url;
  // Without SITE_URL the page has no share link yet, only their patterns: made into links here.
  for (const item of menu.querySelectorAll("li[data-share-intent]")) {
    const link = document.createElement("a");
    link.className = "coop-share__item";
    link.href = item.dataset.shareIntent.replaceAll("{url}", encodeURIComponent(url));
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    link.textContent = item.textContent;
    item.replaceChildren(link);
    delete item.dataset.shareIntent;
    item.hidden = false;
  }
  menu.querySelector('[data-share="copy"]').parentElement.hidden = false;
  if (typeof navigator.share === "function") {
    menu.querySelector('[data-share="native"]').parentElement.hidden = false;
  }
  menu.querySelector('[data-share="mastodon"]').hidden = false;
}

async function copy(menu) {
  const url = menu.dataset.shareAbsolute;
  try {
    await navigator.clipboard.writeText(url);
    say(menu, "Lien copié.");
  } catch {
    say(menu, `Copie impossible : copiez l’adresse ${url}`);
  }
}

function mastodon(menu, form) {
  const field = form.elements.instance;
  let host = field.value.trim().replace(/^https?:\/\//i, "").split("/")[0];
  host = host.slice(host.lastIndexOf("@") + 1);
  if (!MASTODON_HOST.test(host)) {
    field.setAttribute("aria-invalid", "true");
    say(menu, "Indiquez le nom de votre instance Mastodon, par exemple mastodon.social.");
    field.focus();
    return;
  }
  field.removeAttribute("aria-invalid");
  const text = `${menu.dataset.shareTitle} ${menu.dataset.shareAbsolute}`;
  window.open(`https://${host}/share?text=${encodeURIComponent(text)}`, "_blank", "noopener,noreferrer");
}

// `toggle` does not bubble: listen in the capture phase, for every menu at once.
document.addEventListener("toggle", (event) => {
  const box = event.target;
  if (box instanceof HTMLDetailsElement && box.classList.contains("coop-share") && box.open) {
    prepare(box.querySelector(".coop-share__menu"));
  }
}, true);

document.addEventListener("click", (event) => {
  // The click (mouse, Enter or Space) comes before `toggle`: the menu is ready when it opens.
  const toggle = event.target instanceof Element ? event.target.closest("summary.coop-share__toggle") : null;
  if (toggle) prepare(toggle.parentElement.querySelector(".coop-share__menu"));
  const button = event.target instanceof Element ? event.target.closest("button[data-share]") : null;
  if (!button) return;
  const menu = button.closest(".coop-share__menu");
  if (button.dataset.share === "copy") copy(menu);
  if (button.dataset.share === "native") {
    navigator.share({ title: menu.dataset.shareTitle, url: menu.dataset.shareAbsolute }).catch(() => {});
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.share === "mastodon") {
    event.preventDefault();
    mastodon(form.closest(".coop-share__menu"), form);
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const box = details(event.target);
  if (box && box.open) {
    box.open = false;
    box.querySelector("summary").focus();
    event.stopPropagation();
  }
});

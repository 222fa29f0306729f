// « Mode atelier » without SITE_URL: the self-test's address, as this browser sees it.
const box = document.querySelector("[data-coop-projector-address]");
if (box && !box.textContent.trim()) box.textContent = new URL("../", location.href).href;

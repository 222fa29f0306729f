// Host-side helper for the embedded self-test: sets the height of
// <iframe data-coop-autodiagnostic> from the messages the frame posts.
// Works as a classic script or as a module (no import, no export, no global).
// Only messages from the iframe's own window AND origin are read, and the
// height is clamped; anything else is ignored.
{
  const TYPE = "coopsite:autodiagnostic:height";
  const MIN_HEIGHT = 320;
  const MAX_HEIGHT = 20000;

  const originOf = (frame) => {
    try {
      return new URL(frame.getAttribute("src") || "", document.baseURI).origin;
    } catch {
      return null;
    }
  };

  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data !== "object" || data.type !== TYPE) return;
    for (const frame of document.querySelectorAll("iframe[data-coop-autodiagnostic]")) {
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== originOf(frame)) return;
      const height = Number(data.height);
      if (!Number.isFinite(height)) return;
      const clamped = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
      frame.style.height = `${clamped}px`;
      return;
    }
  });
}

// Radar chart of the main objectives, drawn as SVG without any library.
// The chart is decorative for assistive technologies only through its data
// table: callers put a table with the same figures next to it.

const SVG = "http://www.w3.org/2000/svg";

export function node(name, attrs = {}, text = "") {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
  if (text) element.textContent = text;
  return element;
}

const fixed = (value) => Math.round(value * 100) / 100;

/** Point at `ratio` (0..1) of the radius on axis `index` of `count`, starting at the top. */
export function point(index, count, ratio, centre, radius) {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return [fixed(centre + Math.cos(angle) * radius * ratio), fixed(centre + Math.sin(angle) * radius * ratio)];
}

/**
 * An <svg> radar of `items` ([{id, title, percent|null}]), percent on 0..100.
 * `label` is its accessible name; unanswered items sit at the centre, drawn hollow.
 */
export function radarChart(items, label) {
  const { svg, centre, radius, count } = radarFrame(items, label);
  const values = items.map((item, i) => point(i, count, (item.percent ?? 0) / 100, centre, radius));
  svg.append(node("polygon", { class: "coop-st__radar-area", points: values.map((p) => p.join(",")).join(" ") }));
  items.forEach((item, i) => {
    const [x, y] = values[i];
    svg.append(node("circle", { cx: x, cy: y, r: 5,
      class: item.percent === null ? "coop-st__radar-dot coop-st__radar-dot--empty" : "coop-st__radar-dot" }));
    axisLabel(svg, item, i, count, centre, radius, item.percent === null ? " —" : ` ${String(item.percent).replace(".", ",")} %`);
  });
  scaleLabels(svg, count, centre, radius);
  return svg;
}

/** The label of axis `index`: the item's id in bold, then `suffix`. */
export function axisLabel(svg, item, index, count, centre, radius, suffix = "") {
  const [lx, ly] = point(index, count, 1.12, centre, radius);
  const anchor = Math.abs(lx - centre) < 8 ? "middle" : lx > centre ? "start" : "end";
  const text = node("text", { x: lx, y: ly + 5, "text-anchor": anchor, class: "coop-st__radar-label" });
  text.append(node("tspan", { "font-weight": "700" }, item.id));
  if (suffix) text.append(node("tspan", {}, suffix));
  svg.append(text);
}

/**
 * The scale labels, to draw last so they sit on top (with a halo), ending a
 * few pixels left of the top axis: clear of the dots on that axis and on its
 * left neighbour. « 50 % » sits just above its ring (the neighbour axis is
 * farther there), « 100 % » just inside the outer ring (above it is the first
 * axis's label).
 */
export function scaleLabels(svg, count, centre, radius) {
  for (const [ring, shift] of [[50, -4], [100, 14]]) {
    const [, y] = point(0, count, ring / 100, centre, radius);
    svg.append(node("text", { x: centre - 8, y: y + shift, "text-anchor": "end", class: "coop-st__radar-ring" },
      `${ring}\u00a0%`));
  }
}

/** An empty radar (rings and spokes) for `items`: {svg, centre, radius, count}. */
export function radarFrame(items, label) {
  // The labels sit outside the rings and must stay inside the viewBox (the SVG
  // shrinks with the screen, nothing may be clipped): the radius leaves room
  // for « C3 100 % » on the left and right sides.
  const size = 420;
  const centre = size / 2;
  const radius = 112;
  const count = items.length;
  const margin = radius * 0.12 + 32; // label line above the top and below the bottom axes
  const box = [0, centre - radius - margin, size, 2 * (radius + margin)].map(fixed).join(" ");
  const svg = node("svg", { viewBox: box, class: "coop-st__radar", role: "img", "aria-label": label });
  const grid = node("g", { class: "coop-st__radar-grid" });
  for (const ring of [25, 50, 75, 100]) {
    const points = items.map((_, i) => point(i, count, ring / 100, centre, radius).join(",")).join(" ");
    grid.append(node("polygon", { points }));
  }
  items.forEach((_, i) => {
    const [x, y] = point(i, count, 1, centre, radius);
    grid.append(node("line", { x1: centre, y1: centre, x2: x, y2: y }));
  });
  svg.append(grid);
  return { svg, centre, radius, count };
}

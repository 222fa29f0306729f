// Radar with several series (members of a group, or an earlier and a current
// result), drawn as SVG on the frame of chart.js. Series differ by dash
// pattern and marker as well as colour: no information rests on colour alone.
// As for the single radar, a data table next to it is the text alternative.

import { axisLabel, node, point, radarFrame, scaleLabels } from "./chart.js";

export const MAX_LINES = 8;
const DASHES = ["", "8 4", "2 4", "10 4 2 4", "4 4", "12 3 3 3 3 3", "1 3", "16 4"];
const MARKERS = ["circle", "square", "triangle", "diamond", "cross", "triangle-down", "plus", "star"];

/** SVG shape `name` of size ~`r` centred on (x, y). */
function marker(name, x, y, r, attrs) {
  const pts = (list) => node("polygon", { points: list.map(([dx, dy]) => `${x + dx},${y + dy}`).join(" "), ...attrs });
  switch (name) {
    case "square": return node("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...attrs });
    case "triangle": return pts([[0, -r * 1.2], [r * 1.1, r * 0.8], [-r * 1.1, r * 0.8]]);
    case "triangle-down": return pts([[0, r * 1.2], [r * 1.1, -r * 0.8], [-r * 1.1, -r * 0.8]]);
    case "diamond": return pts([[0, -r * 1.3], [r * 1.3, 0], [0, r * 1.3], [-r * 1.3, 0]]);
    case "cross": return node("path", { d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`,
      ...attrs, "stroke-width": 3 });
    case "plus": return node("path", { d: `M${x - r},${y}L${x + r},${y}M${x},${y - r}L${x},${y + r}`,
      ...attrs, "stroke-width": 3 });
    case "star": return pts([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => {
      const angle = -Math.PI / 2 + (k * Math.PI) / 5;
      const rr = k % 2 ? r * 0.6 : r * 1.4;
      return [Math.round(Math.cos(angle) * rr * 100) / 100, Math.round(Math.sin(angle) * rr * 100) / 100];
    }));
    default: return node("circle", { cx: x, cy: y, r, ...attrs });
  }
}

/** The look of series number `index`: {dash, marker, tone} (tone = CSS class suffix). */
export const seriesStyle = (index) => ({ dash: DASHES[index % DASHES.length], marker: MARKERS[index % MARKERS.length],
  tone: index % MAX_LINES });

/** A small <svg> showing a series' line and marker, for legends. */
export function swatch(style, kind = "line") {
  const svg = node("svg", { viewBox: "0 0 40 16", width: 40, height: 16, class: "coop-co__swatch", "aria-hidden": "true" });
  if (kind === "area") {
    svg.append(node("rect", { x: 2, y: 3, width: 36, height: 10, class: "coop-co__mean-area" }));
  } else if (kind === "envelope") {
    svg.append(node("rect", { x: 2, y: 3, width: 36, height: 10, class: "coop-co__envelope" }));
  } else {
    svg.append(node("line", { x1: 2, y1: 8, x2: 38, y2: 8, class: `coop-co__line coop-co__tone${style.tone}`,
      "stroke-dasharray": style.dash }));
    svg.append(marker(style.marker, 20, 8, 4, { class: `coop-co__marker coop-co__tone${style.tone}` }));
  }
  return svg;
}

/**
 * A radar of `axes` ([{id}]) with:
 * - `area`: values (0..100 or null) drawn as a filled area (the group mean, or the current result);
 * - `envelope`: {min: [], max: []} drawn as a band (many members);
 * - `lines`: [{values, style}] drawn as lines with markers (members, or an earlier result).
 */
export function multiRadar(axes, { area = null, envelope = null, lines = [] }, label) {
  const { svg, centre, radius, count } = radarFrame(axes, label);
  const at = (values) => values.map((v, i) => point(i, count, (v ?? 0) / 100, centre, radius));
  const joined = (pts) => pts.map((p) => p.join(",")).join(" ");
  if (envelope) {
    const outer = at(envelope.max);
    const inner = at(envelope.min);
    const d = `M${joined(outer).replace(/ /g, "L")}ZM${joined(inner).replace(/ /g, "L")}Z`;
    svg.append(node("path", { d, class: "coop-co__envelope", "fill-rule": "evenodd" }));
  }
  if (area) svg.append(node("polygon", { points: joined(at(area)), class: "coop-co__mean-area" }));
  for (const { values, style } of lines) {
    const pts = at(values);
    const group = node("g", { class: `coop-co__series coop-co__tone${style.tone}` });
    group.append(node("polygon", { points: joined(pts), class: "coop-co__line", "stroke-dasharray": style.dash }));
    pts.forEach(([x, y], i) => {
      if (values[i] !== null) group.append(marker(style.marker, x, y, 4.5, { class: "coop-co__marker" }));
    });
    svg.append(group);
  }
  axes.forEach((axis, i) => axisLabel(svg, axis, i, count, centre, radius));
  scaleLabels(svg, count, centre, radius);
  return svg;
}

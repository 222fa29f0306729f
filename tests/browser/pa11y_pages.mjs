// pa11y on several pages of a site with one Chromium, a few pages at a time.
// Its command line starts Node and Chromium again for every page, which is most of its time.
//
//   node pa11y_pages.mjs SETTINGS.json URL...
//
// SETTINGS: {"modules": folder holding node_modules, "launch": puppeteer's launch options,
//            "options": pa11y's options, "together": pages checked at once}.
// Prints {"URL": [issue, ...], ...} as JSON; the issues are those of pa11y's JSON reporter.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [settingsPath, ...urls] = process.argv.slice(2);
const settings = JSON.parse(readFileSync(settingsPath, "utf8"));
const require = createRequire(join(settings.modules, "node_modules", "index.js"));
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const browser = await puppeteer.launch(settings.launch);
const found = {};
try {
  const waiting = [...urls];
  const checker = async () => {
    for (let url = waiting.shift(); url !== undefined; url = waiting.shift()) {
      found[url] = (await pa11y(url, { ...settings.options, browser })).issues;
    }
  };
  await Promise.all(Array.from({ length: settings.together }, checker));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found));

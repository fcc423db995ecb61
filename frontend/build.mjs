// Copies the NL Design System styles, the design-token theme, the theme's fonts (Noto Sans for
// text, Noto Serif for headings; Latin subsets only) and htmx from node_modules into src/eropaf/static/vendor/, so that nothing is loaded from
// a CDN at run time. Plain Node, no bundler: the packages already ship built CSS and JS.
//
//   npm --prefix frontend ci && npm --prefix frontend run build

import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, "node_modules");
const target = path.resolve(here, "..", "src", "eropaf", "static", "vendor");
const require = createRequire(import.meta.url);

// [package, file inside the package, file inside static/vendor/]
const COPIES = [
  ["@utrecht/component-library-css", "dist/index.css", "utrecht/component-library.css"],
  ["@utrecht/component-library-css", "LICENSE.md", "utrecht/LICENSE.md"],
  ["@nl-design-system-unstable/voorbeeld-design-tokens", "dist/theme.css", "theme/voorbeeld-theme.css"],
  ["@nl-design-system-unstable/voorbeeld-design-tokens", "LICENSE.md", "theme/LICENSE.md"],
  ["htmx.org", "dist/htmx.min.js", "htmx/htmx.min.js"],
  ["htmx.org", "LICENSE", "htmx/LICENSE"],
  ["@fontsource/noto-sans", "LICENSE", "fonts/LICENSE-noto-sans"],
  ["@fontsource/noto-serif", "LICENSE", "fonts/LICENSE-noto-serif"],
];

// The families the theme names (--basis-text-font-family-default, --basis-heading-font-family),
// in the weights the components use. Dutch text needs only the Latin subsets.
const FONTS = [
  { package: "@fontsource/noto-sans", family: "noto-sans", weights: ["400", "700"] },
  { package: "@fontsource/noto-serif", family: "noto-serif", weights: ["700"] },
];
const FONT_SUBSETS = ["latin", "latin-ext"];

function packageDir(name) {
  return path.join(modules, ...name.split("/"));
}

async function copyInto(name, source, destination) {
  const to = path.join(target, destination);
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(path.join(packageDir(name), source), to);
  return to;
}

// Keeps the @font-face rules of the wanted subsets, rewritten to our own file names, woff2 only.
async function buildFonts() {
  const rules = [];
  for (const font of FONTS) {
    for (const weight of font.weights) {
      const css = await readFile(path.join(packageDir(font.package), `${weight}.css`), "utf8");
      for (const block of css.split(new RegExp(`(?=/\\* ${font.family}-)`))) {
        const subset = FONT_SUBSETS.find((name) => block.startsWith(`/* ${font.family}-${name}-${weight}-normal */`));
        if (!subset) continue;
        const file = `${font.family}-${subset}-${weight}-normal.woff2`;
        await copyInto(font.package, `files/${file}`, `fonts/${file}`);
        rules.push(block.replace(/src: [^;]+;/, `src: url("${file}") format("woff2");`).trim());
      }
    }
  }
  const expected = FONTS.reduce((sum, font) => sum + font.weights.length * FONT_SUBSETS.length, 0);
  if (rules.length !== expected) {
    throw new Error(`expected ${expected} @font-face rules, found ${rules.length}`);
  }
  await writeFile(path.join(target, "fonts", "fonts.css"), `${rules.join("\n\n")}\n`);
}

async function main() {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const [name, source, destination] of COPIES) {
    await copyInto(name, source, destination);
  }
  await buildFonts();

  const versions = {};
  for (const name of new Set(COPIES.map(([name]) => name))) {
    versions[name] = require(path.join(packageDir(name), "package.json")).version;
  }
  await writeFile(path.join(target, "versions.json"), `${JSON.stringify(versions, null, 2)}\n`);
  console.log(`Built ${Object.keys(versions).length} packages into ${path.relative(process.cwd(), target)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

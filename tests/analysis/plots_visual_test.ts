/**
 * Visual checks of the figure builders in a real browser: each figure is rendered by headless
 * Chromium (Debian's `chromium`, driven by playwright-core), measured, and saved as a PNG.
 *
 * What is asserted, per figure: the page holds one `<svg>` and nothing else (the legend is inside
 * it); every text (tick labels, axis labels, title, legend, caption) lies inside the svg's
 * viewport; tick labels of one axis and legend labels do not overlap; each axis has tick labels;
 * the title and legend say what was asked; the SVG's size is bounded; the SVG renders on its own
 * as an image (`image/svg+xml`, as a notebook or a paper shows it) with ink on it; and the PNG
 * screenshot is not trivially small.
 *
 * Set PANARCHY_FIGURES_DIR to keep the PNGs (e.g. to look at them); otherwise they go to a
 * temporary folder that is removed. Without /usr/bin/chromium the test is skipped with a
 * message (`apt-get install -y chromium`).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import fs from "node:fs";
import {
  agePyramid,
  ccdf,
  type Figure,
  kpiLines,
  scatterFit,
  tileMap,
} from "../../analysis/plots.ts";
import { plotReferenceWindows, usMacroData } from "../../analysis/facts/windows.ts";

const US = await usMacroData();

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();
// playwright-core asks `fs.existsSync("/proc/sys/fs/binfmt_misc/WSLInterop")` when it loads (is
// this WSL?). Node's existsSync never throws; Deno 2.9's throws NotCapable for any /proc path
// unless the process has --allow-all, which `deno task test` does not grant. Give existsSync
// Node's contract (false when the path cannot be checked) so the driver loads with the task's
// permissions; /proc itself stays unreadable.
const existsSync = fs.existsSync;
fs.existsSync = (path: fs.PathLike) => {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
};
// deno-lint-ignore no-import-prefix -- test-only: a browser driver the library never loads
const { chromium } = await import("npm:playwright-core@1.65.1");

if (!hasChromium) {
  console.warn(
    `plots_visual_test.ts: skipped, ${CHROMIUM} not found (apt-get install -y chromium)`,
  );
}

/** One figure to check: what its title and legend must say, and how big its SVG may be. */
interface Case {
  name: string;
  figure: Figure;
  title?: string;
  legend?: string[];
  maxKb: number;
  /** Axes that must have tick labels. */
  axes: ("x" | "y")[];
}

function cases(): Case[] {
  let seed = 7;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const tick = Array.from({ length: 365 }, (_, i) => i);
  const population = tick.map((t) => 50_000 * (1 + 0.01 * Math.sin(t / 40)) + 40 * random());
  const unemployment = tick.map((t) => 0.06 + 0.02 * Math.sin(t / 60) + 0.005 * random());
  const vacancies = tick.map((t) => 0.03 - 0.01 * Math.sin(t / 60) + 0.003 * random());
  const w = 64;
  const residents = new Float64Array(w * w);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const town = 20_000 * Math.exp(-((x - 40) ** 2 + (y - 20) ** 2) / 4);
      residents[y * w + x] = Math.round(town + (random() < 0.4 ? 30 * random() : 0));
    }
  }
  const fertility = Float64Array.from({ length: 128 * 64 }, (_, i) => {
    const x = i % 128;
    const y = Math.floor(i / 128);
    return 0.5 + 0.4 * Math.sin(x / 9) * Math.cos(y / 7);
  });
  const ages = Array.from({ length: 21 }, (_, i) => i * 5);
  const firmSizes = Array.from({ length: 20_000 }, () => Math.floor(1 / (1 - random())));
  const growth = Array.from({ length: 40 }, () => random() * 4 - 1);
  const du = growth.map((g) => 0.2 - 0.4 * g + 0.3 * random());
  return [
    {
      name: "kpiLines: a population of 50,000 ± 1%",
      figure: kpiLines({ tick, population }, ["population"], {
        title: "Persons alive",
        yLabel: "persons",
      }),
      title: "Persons alive",
      legend: ["population"],
      maxKb: 40,
      axes: ["x", "y"],
    },
    {
      name: "kpiLines: two rates with a caption",
      figure: kpiLines({ tick, unemployment, vacancies }, ["unemployment", "vacancies"], {
        title: "Labor market",
        yLabel: "share",
        caption: "Simulated days 0–364; rates are shares of the labor force.",
      }),
      title: "Labor market",
      legend: ["unemployment", "vacancies"],
      maxKb: 60,
      axes: ["x", "y"],
    },
    {
      name: "kpiLines: wide negative tick labels",
      figure: kpiLines(
        {
          tick,
          balance: tick.map((t) => -25_000 + 150 * t),
          reserve: tick.map((t) => 12_000 * Math.cos(t / 50)),
        },
        ["balance", "reserve"],
        { yLabel: "currency units" },
      ),
      legend: ["balance", "reserve"],
      maxKb: 60,
      axes: ["x", "y"],
    },
    {
      name: "kpiLines: a target band, narrow figure, long title",
      figure: kpiLines({ tick, unemployment_rate: unemployment }, ["unemployment_rate"], {
        title: "Unemployment rate in the usual band (OECD Labour Force Statistics, 1990–2019)",
        yLabel: "unemployment rate",
        targetBand: [0.03, 0.15],
        caption: "after tick 90",
        width: 360,
        height: 300,
      }),
      title: "Unemployment rate in the usual band (OECD Labour Force Statistics, 1990–2019)",
      legend: ["unemployment_rate", "target range"],
      maxKb: 40,
      axes: ["x", "y"],
    },
    {
      name: "plotReferenceWindows: the US's output volatility on five-year windows, years on x",
      figure: plotReferenceWindows(US, "output_volatility"),
      title: "output_volatility of United States 1959Q1-2009Q3 on windows of 20 quarters: " +
        "68% inside the target",
      legend: ["output_volatility", "target range"],
      maxKb: 40,
      axes: ["x", "y"],
    },
    {
      name: "kpiLines: log axis",
      figure: kpiLines({ tick, p: tick.map((t) => 10 ** (-t / 80)) }, ["p"], {
        logY: true,
        yLabel: "probability",
      }),
      legend: ["p"],
      maxKb: 40,
      axes: ["x", "y"],
    },
    {
      name: "agePyramid",
      figure: agePyramid({
        age_lo: ages,
        male: ages.map((a) => Math.round(2500 * Math.exp(-a / 40))),
        female: ages.map((a) => Math.round(2600 * Math.exp(-a / 45))),
      }, { title: "Age pyramid at tick 365" }),
      title: "Age pyramid at tick 365",
      legend: ["male", "female"],
      maxKb: 30,
      axes: ["x", "y"],
    },
    {
      name: "tileMap: 64×64 tiles, one town among near-empty tiles",
      figure: tileMap(residents, w, w, {
        title: "Residents per tile at tick 365",
        label: "persons",
        scheme: "blues",
      }),
      title: "Residents per tile at tick 365",
      maxKb: 150,
      axes: ["x", "y"],
    },
    {
      name: "tileMap: 128×64 smooth field",
      figure: tileMap(fertility, 128, 64, { label: "soil fertility" }),
      maxKb: 150,
      axes: ["x", "y"],
    },
    {
      name: "ccdf: 20,000 firm sizes",
      figure: ccdf(firmSizes, {
        xLabel: "employees",
        title: "Firm sizes: Hill α = 1.02 (target 0.8–1.4, Zipf: 1)",
      }),
      title: "Firm sizes: Hill α = 1.02 (target 0.8–1.4, Zipf: 1)",
      maxKb: 80,
      axes: ["x", "y"],
    },
    {
      name: "scatterFit",
      figure: scatterFit(growth, du, {
        xLabel: "real output growth, %",
        yLabel: "change in unemployment, pp",
        title: "Okun's law (target slope −0.6 … −0.2)",
      }),
      legend: ["observations", "least-squares fit"],
      maxKb: 30,
      axes: ["x", "y"],
    },
  ];
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Measured {
  elements: number;
  tag: string;
  root: Box;
  texts: { text: string; group: string; box: Box }[];
  legends: Box[];
}

// Runs in the page: the root element, and every non-empty text with the aria-label of its group.
const MEASURE = `(() => {
  const box = (e) => {
    const b = e.getBoundingClientRect();
    return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
  };
  const root = document.body.firstElementChild;
  const texts = [...root.querySelectorAll("text")]
    .filter((t) => t.textContent.trim() !== "")
    .map((t) => ({
      text: t.textContent,
      group: t.closest("[aria-label]")?.getAttribute("aria-label") ?? "",
      box: box(t),
    }));
  const legends = [...root.querySelectorAll('[aria-label="legend"]')].map(box);
  return { elements: document.body.children.length, tag: root.tagName.toLowerCase(),
    root: box(root), texts, legends };
})()`;

// Runs in the page: the SVG alone as an <img>, drawn on a canvas; the share of non-white pixels.
const INK = (svg: string) =>
  `(async () => {
  const img = new Image();
  img.src = "data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}";
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) ink++;
  return { width: canvas.width, height: canvas.height, ink: ink / (d.length / 4) };
})()`;

const inside = (b: Box, r: Box) =>
  b.left >= r.left - 0.5 && b.right <= r.right + 0.5 && b.top >= r.top - 0.5 &&
  b.bottom <= r.bottom + 0.5;

const overlap = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

Deno.test({
  name: "every chart renders in Chromium with its labels, title and legend inside one SVG",
  ignore: !hasChromium,
  fn: async (t) => {
    const keep = Deno.env.get("PANARCHY_FIGURES_DIR");
    const dir = keep ?? await Deno.makeTempDir({ prefix: "panarchy-figures-" });
    await Deno.mkdir(dir, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
      for (const [i, c] of cases().entries()) {
        await t.step(c.name, async () => {
          const kb = c.figure.svg.length / 1024;
          assert.ok(kb <= c.maxKb, `SVG is ${kb.toFixed(1)} KB, over ${c.maxKb} KB`);
          await page.setContent(
            `<!DOCTYPE html><html><body style="margin:0">${c.figure.svg}</body></html>`,
          );
          const m = await page.evaluate(MEASURE) as Measured;
          assert.equal(m.elements, 1, "the page holds the figure's <svg> and nothing else");
          assert.equal(m.tag, "svg");

          for (const text of m.texts) {
            assert.ok(
              inside(text.box, m.root),
              `"${text.text}" (${text.group}) is clipped: ${JSON.stringify(text.box)} is not ` +
                `inside the svg ${JSON.stringify(m.root)}`,
            );
          }
          for (const axis of c.axes) {
            const ticks = m.texts.filter((x) => x.group === `${axis}-axis tick label`);
            assert.ok(ticks.length >= 2, `${axis} axis has ${ticks.length} tick labels`);
          }
          for (const group of ["x-axis tick label", "y-axis tick label", "legend"]) {
            const texts = m.texts.filter((x) => x.group === group);
            for (let a = 0; a < texts.length; a++) {
              for (let b = a + 1; b < texts.length; b++) {
                assert.ok(
                  !overlap(texts[a].box, texts[b].box),
                  `${group}s "${texts[a].text}" and "${texts[b].text}" overlap`,
                );
              }
            }
          }
          if (c.title) {
            const title = m.texts.filter((x) => x.group === "title").map((x) => x.text);
            assert.equal(title.join(" "), c.title);
          }
          const legendTexts = m.texts.filter((x) => x.group === "legend").map((x) => x.text);
          if (c.legend) assert.deepEqual(legendTexts, c.legend);
          for (const legend of m.legends) assert.ok(inside(legend, m.root), "legend outside svg");

          const alone = await page.evaluate(INK(c.figure.svg)) as { ink: number; width: number };
          assert.ok(alone.width > 0, "the SVG does not load as an image on its own");
          const minInk = c.name.startsWith("tileMap") ? 0.3 : 0.02;
          assert.ok(alone.ink >= minInk, `only ${(alone.ink * 100).toFixed(1)}% of it is ink`);

          const path = `${dir}/${String(i).padStart(2, "0")}_${
            c.name.split(":")[0].replace(/\W+/g, "_")
          }.png`;
          await page.locator("svg").first().screenshot({ path });
          const png = await Deno.stat(path);
          assert.ok(png.size > 5_000, `PNG of ${png.size} bytes`);
        });
      }
    } finally {
      await browser.close();
      if (!keep) await Deno.remove(dir, { recursive: true });
    }
  },
});

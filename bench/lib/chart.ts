/**
 * The bench's picture: one panel per database, one group of bars per workload, one bar per library
 * giving its median time as a multiple of the raw-driver floor (log scale, 1× = the floor). Plain
 * SVG text, no dependencies.
 */
import * as fs from 'node:fs';

export interface ChartSeries {
  name: string;
  /** Ratio to the floor per workload, in the panel's workload order; undefined = not run. */
  values: (number | undefined)[];
}

export interface ChartPanel {
  title: string;
  workloads: string[];
  series: ChartSeries[];
}

/** One colour per library, the same in every panel. */
const COLOURS: Record<string, string> = {
  athanor: '#d1495b',
  'athanor-core': '#edae49',
  kysely: '#66a182',
  typeorm: '#00798c',
  'mikro-orm': '#30638e',
  sequelize: '#6c757d',
  drizzle: '#2e4057',
};
const FALLBACK = ['#9c6644', '#7b2cbf', '#52b788', '#f77f00'];

const TOP = 64; // the highest ratio drawn; taller bars are cut and labelled
const TICKS = [1, 1.2, 1.5, 2, 3, 5, 10, 20, 40];
const BAR = 9;
const GAP = 14;
const PLOT_H = 220;
const LEFT = 52;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panelSvg(panel: ChartPanel, y0: number, width: number): { svg: string; height: number } {
  const colour = (name: string, i: number): string => COLOURS[name] ?? FALLBACK[i % FALLBACK.length];
  const minR = 0.8;
  const yOf = (r: number): number =>
    y0 +
    30 +
    PLOT_H *
      (1 - (Math.log(Math.min(Math.max(r, minR), TOP)) - Math.log(minR)) / (Math.log(TOP) - Math.log(minR)));
  const group = panel.series.length * BAR + GAP;
  const out: string[] = [];
  out.push(`<text x="${LEFT}" y="${y0 + 18}" font-size="14" font-weight="bold">${esc(panel.title)}</text>`);
  for (const t of TICKS) {
    const y = yOf(t).toFixed(1);
    out.push(
      `<line x1="${LEFT}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="${t === 1 ? '#000' : '#ddd'}" stroke-width="${t === 1 ? 1.2 : 0.6}"/>`,
      `<text x="${LEFT - 6}" y="${(Number(y) + 4).toFixed(1)}" font-size="10" text-anchor="end">${t}×</text>`,
    );
  }
  panel.workloads.forEach((w, wi) => {
    const gx = LEFT + 8 + wi * group;
    out.push(
      `<text x="${(gx + (group - GAP) / 2).toFixed(1)}" y="${y0 + 30 + PLOT_H + 16}" font-size="11" text-anchor="middle">${esc(w)}</text>`,
    );
    panel.series.forEach((s, si) => {
      const v = s.values[wi];
      if (v === undefined) return;
      const x = gx + si * BAR;
      const base = yOf(1);
      const top = yOf(v);
      const [y, h] = v >= 1 ? [top, base - top] : [base, top - base];
      out.push(
        `<rect x="${x}" y="${y.toFixed(1)}" width="${BAR - 1}" height="${Math.max(h, 0.8).toFixed(1)}" fill="${colour(s.name, si)}"><title>${esc(s.name)} ${esc(w)}: ${v.toFixed(2)}×</title></rect>`,
      );
      if (v > TOP) {
        out.push(
          `<text x="${x + BAR / 2}" y="${(top - 3).toFixed(1)}" font-size="8" text-anchor="middle">${v.toFixed(0)}×</text>`,
        );
      }
    });
  });
  // Legend below the axis labels.
  let lx = LEFT;
  const ly = y0 + 30 + PLOT_H + 34;
  panel.series.forEach((s, si) => {
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour(s.name, si)}"/>`,
      `<text x="${lx + 14}" y="${ly}" font-size="11">${esc(s.name)}</text>`,
    );
    lx += 24 + s.name.length * 6.2;
  });
  return { svg: out.join('\n'), height: PLOT_H + 80 };
}

/** Writes the chart of `panels` (stacked vertically) to `file`. */
export function writeChart(file: string, panels: ChartPanel[]): void {
  const width = Math.max(
    640,
    ...panels.map((p) => LEFT + 20 + p.workloads.length * (p.series.length * BAR + GAP)),
    ...panels.map((p) => LEFT + 20 + p.series.reduce((a, s) => a + 24 + s.name.length * 6.2, 0)),
  );
  let y = 40;
  const parts: string[] = [];
  for (const p of panels) {
    const { svg, height } = panelSvg(p, y, width);
    parts.push(svg);
    y += height;
  }
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${y}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="24" font-size="15">Median time per workload as a multiple of the raw driver (log scale; lower is better)</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
  fs.writeFileSync(file, svg);
}

import * as vega from "vega";
import * as vl from "vega-lite";

// biome-ignore lint/suspicious/noExplicitAny: vega-lite's TopLevelSpec is a deep union; specs are built as plain objects.
export type ChartSpec = Record<string, any>;

/** A Vega-Lite spec to an SVG string, headless (no browser, no canvas). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const compiled = vl.compile({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    background: "white",
    ...spec,
  } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

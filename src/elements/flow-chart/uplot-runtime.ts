// The heavy part of the flow chart, imported by uplot-loader.ts when there is something to draw
// (not at page load): uPlot and its CSS, and the drawing of scored-event bands.
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export { uPlot };
export { drawEvents, indexEvents } from './chart-events.ts';

let sheet: CSSStyleSheet | null = null;

/**
 * Adds uPlot's CSS to a chart's shadow root once, before the element's own styles (which override
 * it). A constructed stylesheet, like Lit's static styles: allowed under a CSP without
 * `style-src 'unsafe-inline'`.
 */
export function adoptUplotStyles(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(uplotCss);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
}

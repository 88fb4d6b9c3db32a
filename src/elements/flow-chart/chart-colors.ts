import type { ReactiveElement } from 'lit';

/** The chart's colours (and font) as the canvas needs them, read from the element's tokens. */
export interface ChartColors {
  line: string;
  fill: string;
  grid: string;
  axis: string;
  apnea: string;
  /** Hatch of hypopnea bands, and the edges of event bands. */
  hypopnea: string;
  eventEdge: string;
  breath: string;
  background: string;
  font: string;
}

/**
 * Reads the `--_*` chart tokens from the host's computed style. A custom property holds
 * `light-dark(...)` unresolved; the canvas needs a colour. A hidden probe in the host's shadow root
 * resolves it against the inherited `color-scheme` (cached per scheme and value).
 */
export class ChartColorReader {
  private probe: HTMLSpanElement | null = null;
  private readonly resolved = new Map<string, string>();

  constructor(private readonly host: ReactiveElement) {}

  read(): ChartColors {
    const style = getComputedStyle(this.host);
    const scheme = style.colorScheme;
    const raw = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const get = (name: string, fallback: string) => this.resolve(raw(name, fallback), scheme);
    return {
      line: get('--_line', '#1d4ed8'),
      fill: get('--_fill', 'transparent'),
      grid: get('--_grid', 'rgba(0,0,0,0.1)'),
      axis: get('--_axis', '#374151'),
      apnea: get('--_apnea', 'rgba(220,38,38,0.18)'),
      hypopnea: get('--_hypopnea', 'rgba(180,83,9,0.55)'),
      eventEdge: get('--_event-edge', 'rgba(153,27,27,0.85)'),
      breath: get('--_breath', '#047857'),
      background: get('--_background', '#ffffff'),
      font: raw('--_font', '12px sans-serif'),
    };
  }

  private resolve(raw: string, scheme: string): string {
    const key = `${scheme}|${raw}`;
    let color = this.resolved.get(key);
    if (color === undefined) {
      if (!this.probe) {
        this.probe = document.createElement('span');
        this.probe.style.display = 'none';
        this.host.renderRoot.appendChild(this.probe);
      }
      this.probe.style.color = '';
      this.probe.style.color = raw;
      color = this.probe.style.color ? getComputedStyle(this.probe).color : raw;
      this.resolved.set(key, color);
    }
    return color;
  }
}

/**
 * The clinical view's strings, English and Spanish: in the view's own chunk (code-split with it), so
 * a page that never shows a clinical result does not load them. Chosen by the view's locale (its
 * nearest `lang`, as every element's): the language's table, else English.
 */

export interface ClinicalStrings {
  clinicalRegion: string;
  ahiFlow: string;
  flagsPerHour: string;
  perHour: string;
  ahiAlert(n: string): string;
  severityNames: Record<'normal' | 'mild' | 'moderate' | 'severe', string>;
  severityLine(band: string): string;
  noSeverity(minutes: string): string;
  noIndex(reason: string): string;
  aiHi(ai: string, hi: string): string;
  presetLine(name: string): string;
  presetNames: Record<'aasm' | 'resmed-like' | 'oscar-uf', string>;
  uploadCarries(which: 'legacy' | 'clinical'): string;
  chartLegend: string;
  legendApnea: string;
  legendHypopnea: string;
  legendFlag: string;
  scoredEvents: string;
  eventType: string;
  eventStart: string;
  eventDuration: string;
  eventNadir: string;
  eventStatus: string;
  eventTypes: Record<'apnea' | 'hypopnea' | 'uf1' | 'uf2', string>;
  unconfirmed: string;
  notCounted: string;
  counted: string;
  showEvent(type: string, start: string): string;
  noEvents: string;
  eventsPage(from: string, to: string, total: string): string;
  previousPage: string;
  nextPage: string;
  unscoredRuns(n: string): string;
  breathByBreath: string;
  rrTrend: string;
  vtTrend: string;
  mvTrend: string;
  trendSummary(label: string, median: string, p95: string): string;
  totalLeak: string;
  unintentionalLeak: string;
  lpm: string;
  p95Line(p95: string): string;
  overRedline(minutes: string, redline: string): string;
  noVentCurve: string;
  leakTrend(redline: string): string;
  exportEventsCsv: string;
  exportBreathsCsv: string;
}

const en: ClinicalStrings = {
  clinicalRegion: 'Clinical scoring (flow only)',
  ahiFlow: 'AHI (flow)',
  flagsPerHour: 'OSCAR flags per hour (not an AHI)',
  perHour: 'events/h',
  ahiAlert: (n) => `AHI (flow) ${n} or more: moderate or severe`,
  severityNames: { normal: 'normal (under 5)', mild: 'mild (5 to 15)', moderate: 'moderate (15 to 30)', severe: 'severe (30 or more)' },
  severityLine: (band) => `Severity: ${band}`,
  noSeverity: (minutes) => `No severity band: ${minutes} min analysed, less than one hour.`,
  noIndex: (reason) => `No index: ${reason}`,
  aiHi: (ai, hi) => `Apnea index ${ai}, hypopnea index ${hi} per hour`,
  presetLine: (name) => `Preset: ${name}`,
  presetNames: {
    aasm: 'AASM (apnea: flow at most 10 % of baseline; hypopnea: at most 70 %, unconfirmed)',
    'resmed-like': 'ResMed-like (apnea under 25 %, hypopnea at most 50 % of baseline)',
    'oscar-uf': "OSCAR's user flags UF1/UF2 (flags, not an AHI)",
  },
  uploadCarries: (which) => `Uploads carry the ${which === 'clinical' ? 'clinical count (counted events)' : "old system's count"} as the apnea count.`,
  chartLegend: 'Chart legend',
  legendApnea: 'Apnea (solid band)',
  legendHypopnea: 'Hypopnea: unconfirmed, flow only (hatched band)',
  legendFlag: 'OSCAR flag (dotted edges)',
  scoredEvents: 'Scored events',
  eventType: 'Event',
  eventStart: 'Start',
  eventDuration: 'Duration (s)',
  eventNadir: 'Lowest flow (% of baseline)',
  eventStatus: 'Status',
  eventTypes: { apnea: 'Apnea', hypopnea: 'Hypopnea', uf1: 'UF1 flag', uf2: 'UF2 flag' },
  unconfirmed: 'unconfirmed, flow only',
  notCounted: 'high leak: listed, not counted',
  counted: 'counted',
  showEvent: (type, start) => `Show the ${type} at ${start} on the chart`,
  noEvents: 'No events scored.',
  eventsPage: (from, to, total) => `Events ${from} to ${to} of ${total}`,
  previousPage: 'Previous events',
  nextPage: 'Next events',
  unscoredRuns: (n) => `${n} reduced run(s) cut by the end of the recording or a gap: listed, not counted.`,
  breathByBreath: 'Breath by breath',
  rrTrend: 'Breathing rate (breaths/min)',
  vtTrend: 'Tidal volume (mL)',
  mvTrend: 'Minute ventilation (L/min)',
  trendSummary: (label, median, p95) => `${label}: median ${median}, 95th percentile ${p95}`,
  totalLeak: 'Total leak',
  unintentionalLeak: 'Unintentional leak',
  lpm: 'L/min',
  p95Line: (p95) => `95th percentile ${p95} L/min`,
  overRedline: (minutes, redline) => `${minutes} min above the ${redline} L/min redline`,
  noVentCurve: "Unintentional leak needs the mask's vent curve (the vent-curve attribute).",
  leakTrend: (redline) => `Leak per 10-s epoch (L/min); the line marks the ${redline} L/min redline`,
  exportEventsCsv: 'Export events as CSV',
  exportBreathsCsv: 'Export breaths as CSV',
};

const es: ClinicalStrings = {
  clinicalRegion: 'Puntuación clínica (solo flujo)',
  ahiFlow: 'IAH (flujo)',
  flagsPerHour: 'Marcas de OSCAR por hora (no es un IAH)',
  perHour: 'eventos/h',
  ahiAlert: (n) => `IAH (flujo) de ${n} o más: moderado o grave`,
  severityNames: { normal: 'normal (menos de 5)', mild: 'leve (5 a 15)', moderate: 'moderado (15 a 30)', severe: 'grave (30 o más)' },
  severityLine: (band) => `Gravedad: ${band}`,
  noSeverity: (minutes) => `Sin grado de gravedad: ${minutes} min analizados, menos de una hora.`,
  noIndex: (reason) => `Sin índice: ${reason}`,
  aiHi: (ai, hi) => `Índice de apnea ${ai}, índice de hipopnea ${hi} por hora`,
  presetLine: (name) => `Criterio: ${name}`,
  presetNames: {
    aasm: 'AASM (apnea: flujo de hasta el 10 % de la basal; hipopnea: hasta el 70 %, sin confirmar)',
    'resmed-like': 'Tipo ResMed (apnea por debajo del 25 %, hipopnea hasta el 50 % de la basal)',
    'oscar-uf': 'Marcas de usuario UF1/UF2 de OSCAR (marcas, no un IAH)',
  },
  uploadCarries: (which) => `Los envíos llevan ${which === 'clinical' ? 'el recuento clínico (eventos contados)' : 'el recuento del sistema antiguo'} como número de apneas.`,
  chartLegend: 'Leyenda del gráfico',
  legendApnea: 'Apnea (banda sólida)',
  legendHypopnea: 'Hipopnea: sin confirmar, solo flujo (banda rayada)',
  legendFlag: 'Marca de OSCAR (bordes punteados)',
  scoredEvents: 'Eventos puntuados',
  eventType: 'Evento',
  eventStart: 'Inicio',
  eventDuration: 'Duración (s)',
  eventNadir: 'Flujo mínimo (% de la basal)',
  eventStatus: 'Estado',
  eventTypes: { apnea: 'Apnea', hypopnea: 'Hipopnea', uf1: 'Marca UF1', uf2: 'Marca UF2' },
  unconfirmed: 'sin confirmar, solo flujo',
  notCounted: 'fuga alta: listado, no contado',
  counted: 'contado',
  showEvent: (type, start) => `Mostrar la ${type.toLowerCase()} de ${start} en el gráfico`,
  noEvents: 'Ningún evento puntuado.',
  eventsPage: (from, to, total) => `Eventos ${from} a ${to} de ${total}`,
  previousPage: 'Eventos anteriores',
  nextPage: 'Eventos siguientes',
  unscoredRuns: (n) => `${n} tramo(s) reducido(s) cortado(s) por el final de la grabación o un hueco: listados, no contados.`,
  breathByBreath: 'Respiración a respiración',
  rrTrend: 'Frecuencia respiratoria (resp./min)',
  vtTrend: 'Volumen corriente (mL)',
  mvTrend: 'Ventilación minuto (L/min)',
  trendSummary: (label, median, p95) => `${label}: mediana ${median}, percentil 95 ${p95}`,
  totalLeak: 'Fuga total',
  unintentionalLeak: 'Fuga no intencionada',
  lpm: 'L/min',
  p95Line: (p95) => `Percentil 95: ${p95} L/min`,
  overRedline: (minutes, redline) => `${minutes} min por encima del límite de ${redline} L/min`,
  noVentCurve: 'La fuga no intencionada necesita la curva de ventilación de la mascarilla (el atributo vent-curve).',
  leakTrend: (redline) => `Fuga por época de 10 s (L/min); la línea marca el límite de ${redline} L/min`,
  exportEventsCsv: 'Exportar los eventos como CSV',
  exportBreathsCsv: 'Exportar las respiraciones como CSV',
};

const tables: Record<string, ClinicalStrings> = { en, es };

/** The clinical view's strings for `lang` ('es-MX' -> 'es'; English for any other). */
export function clinicalStrings(lang: string): ClinicalStrings {
  const l = lang.toLowerCase();
  return tables[l] ?? tables[l.split('-')[0]!] ?? en;
}

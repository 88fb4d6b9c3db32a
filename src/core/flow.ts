/**
 * ADC counts to pressure to volumetric flow through venturi 1, as the analysis contract states.
 * The expressions keep the old system's order of operations so results agree to the last bits.
 */

/** Pa per ADC count: the sensor spans 25.4 cmH2O over counts 1638..14745. */
export const PASCAL_PER_COUNT = (98.0665 * 25.4) / (14745 - 1638);
export const ADC_ZERO = 1638;
/** cmH2O per ADC count (the mask pressure, venturi 1 p2). */
export const CMH2O_PER_COUNT = 25.4 / 13107;
/** Upstream (15 mm) and constriction (12 mm) cross sections, m^2. */
export const A1 = Math.PI * 0.0075 ** 2;
export const A2 = Math.PI * 0.006 ** 2;
/** Moist air density, kg/m^3. */
export const RHO = 1.199;
/** The square root's denominator, rho * ((A1/A2)^2 - 1). */
export const DENOMINATOR = RHO * ((A1 / A2) ** 2 - 1);

export function adcToPascal(adc: number): number {
  return PASCAL_PER_COUNT * (adc - ADC_ZERO);
}

/**
 * Flow in m^3/s, positive toward the patient. Returns NaN where the pressure difference is
 * negative (the square root is undefined); callers store 0 there and warn once.
 */
export function ventFlow(p2: number, p1Ins: number, p1Exp: number): number {
  if (p1Ins >= p1Exp) {
    const d = adcToPascal(p1Ins) - adcToPascal(p2);
    return d < 0 ? NaN : A1 * Math.sqrt((2 * d) / DENOMINATOR);
  }
  const d = adcToPascal(p1Exp) - adcToPascal(p2);
  return d < 0 ? NaN : -A1 * Math.sqrt((2 * d) / DENOMINATOR);
}

/** Inverse of `ventFlow` for one direction: the pressure difference in ADC counts giving `flow`. */
export function countsForFlow(flow: number): number {
  const pascal = (flow / A1) ** 2 * DENOMINATOR / 2;
  return pascal / PASCAL_PER_COUNT;
}

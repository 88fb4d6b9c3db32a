// AssemblyScript, not TypeScript: the WebAssembly kernel of the parser's hot path. `npm run build:wasm`
// (scripts/build-wasm.js) compiles it into lines-bytes.ts; test/node/wasm.test.ts checks that the two agree.
//
// It takes plain data lines (seven plain numbers between commas, "12.34,5678,...", ended by '\n' or
// '\r\n') into the four columns, with the same rule and the same arithmetic as CpapParser.parseLineFast
// and FlowColumns.row (flow.ts's ventFlow), so every value is the same double. It stops at the first line
// it does not take: the JavaScript parser takes that line, with the same outcome.

let pascalPerCount: f64 = 0;
let area1: f64 = 0;
let denominator: f64 = 0;
let cmh2oPerCount: f64 = 0;
let adcZero: f64 = 0;
/** Where the last `take` stopped: after its last line. */
export let stop: i32 = 0;
/** Rows of the last `take` whose venturi 1 pressure difference was negative (their flow is 0). */
export let negatives: i32 = 0;

/** flow.ts's constants, passed in so that they are the same doubles. */
export function init(ppc: f64, a1: f64, denom: f64, cmh2o: f64, zero: f64): void {
  pascalPerCount = ppc;
  area1 = a1;
  denominator = denom;
  cmh2oPerCount = cmh2o;
  adcZero = zero;
}

/** The first byte free for the caller's buffers. */
export function heapStart(): i32 {
  return (<i32>__heap_base + 15) & ~15;
}

@inline function pascal(adc: f64): f64 {
  return pascalPerCount * (adc - adcZero);
}

@inline function ventFlow(p2: f64, p1Ins: f64, p1Exp: f64): f64 {
  if (p1Ins >= p1Exp) {
    const d = pascal(p1Ins) - pascal(p2);
    return d < 0 ? NaN : area1 * Math.sqrt((2 * d) / denominator);
  }
  const d = pascal(p1Exp) - pascal(p2);
  return d < 0 ? NaN : -area1 * Math.sqrt((2 * d) / denominator);
}

@inline function pow10(k: i32): f64 {
  // Exact for k <= 22, as JavaScript's 10 ** k.
  let p: f64 = 1;
  for (let j = 0; j < k; j++) p *= 10;
  return p;
}

/**
 * Takes plain lines from bytes [pos, end) (a byte that is not a digit, '.', ',', '\r' or '\n' must
 * follow `end`) into the columns at `out`: time, flow, flow2 and pressure, `cap` doubles each. Returns
 * the rows taken; `stop` is the position after them.
 */
export function take(pos: i32, end: i32, out: i32, cap: i32, maxLineBytes: i32): i32 {
  const flowOut = out + (cap << 3), flow2Out = out + (cap << 4), pressureOut = out + cap * 24;
  let rows = 0;
  negatives = 0;
  let time: f64 = 0, p2: f64 = 0, p1Ins: f64 = 0, p1Exp: f64 = 0, v2p2: f64 = 0, v2p1Ins: f64 = 0, v2p1Exp: f64 = 0;
  while (pos < end && rows < cap) {
    let i = pos;
    let c: u32 = 0;
    let ok = true;
    for (let f = 0; f < 7; f++) {
      // '0'..'9' become 0..9 and any other byte 10 or more.
      c = <u32>load<u8>(i) ^ 48;
      let m: i64 = 0;
      const intStart = i;
      while (c < 10) {
        m = m * 10 + <i64>c;
        c = <u32>load<u8>(++i) ^ 48;
      }
      let digits = i - intStart, frac = 0;
      if (c == (46 ^ 48)) {
        const fracStart = ++i;
        c = <u32>load<u8>(i) ^ 48;
        while (c < 10) {
          m = m * 10 + <i64>c;
          c = <u32>load<u8>(++i) ^ 48;
        }
        frac = i - fracStart;
        digits += frac;
      }
      if (digits == 0 || digits > 15 || (f < 6 && c != (44 ^ 48))) {
        ok = false;
        break;
      }
      // m < 10^15 < 2^53: exact, as the JavaScript's m * 10 + c.
      const v: f64 = frac == 0 ? <f64>m : <f64>m / pow10(frac);
      if (f == 0) time = v;
      else if (f == 1) p2 = v;
      else if (f == 2) p1Ins = v;
      else if (f == 3) p1Exp = v;
      else if (f == 4) v2p2 = v;
      else if (f == 5) v2p1Ins = v;
      else v2p1Exp = v;
      i++; // past the comma, or the byte after the last field
    }
    if (!ok || i - 1 - pos > maxLineBytes) break;
    if (c == (13 ^ 48)) {
      if (load<u8>(i) != 10) break;
      i++;
    } else if (c != (10 ^ 48)) break;
    let q = ventFlow(p2, p1Ins, p1Exp);
    if (q != q) {
      q = 0;
      negatives++;
    }
    const q2 = ventFlow(v2p2, v2p1Ins, v2p1Exp);
    const k = rows << 3;
    store<f64>(out + k, time);
    store<f64>(flowOut + k, q);
    store<f64>(flow2Out + k, q2 == q2 ? q2 : 0);
    store<f64>(pressureOut + k, (p2 - adcZero) * cmh2oPerCount);
    rows++;
    pos = i;
  }
  stop = pos;
  return rows;
}

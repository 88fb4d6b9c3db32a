// Client addresses: CIDR ranges (IPv4 and IPv6), the client behind trusted proxies (X-Forwarded-For,
// right-most untrusted hop), and the IP allowlist guard (issue 11, item 3).
import type { Context, MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';

interface Range {
  v6: boolean;
  base: bigint;
  bits: number;
}

/** An address as a number; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as the IPv4 address. */
export function parseIp(raw: string): { v6: boolean; value: bigint } | null {
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  s = s.split('%')[0]!; // zone id
  const kind = isIP(s);
  if (kind === 4) return { v6: false, value: s.split('.').reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n) };
  if (kind !== 6) return null;
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes its two hex groups.
  s = s.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
  const [head, rest] = s.split('::') as [string, string | undefined];
  const groups = (x: string) => (x === '' ? [] : x.split(':').map((g) => BigInt(parseInt(g, 16))));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<bigint>(Math.max(0, fill)).fill(0n), ...right];
  if (all.length !== 8) return null;
  const value = all.reduce((n, g) => (n << 16n) | g, 0n);
  if (value >> 32n === 0xffffn) return { v6: false, value: value & 0xffffffffn };
  return { v6: true, value };
}

/** `10.0.0.0/8`, `::1/128`, or a bare address (a single host). Throws on anything else. */
export function parseCidr(raw: string): Range {
  const [addr, len, extra] = raw.trim().split('/');
  const ip = addr === undefined ? null : parseIp(addr);
  if (!ip || extra !== undefined) throw new Error(`not a CIDR range: "${raw}"`);
  const max = ip.v6 ? 128 : 32;
  // `::ffff:10.0.0.0/104` names IPv4 space: count its prefix within the IPv4 part.
  const mapped = !ip.v6 && addr!.includes(':');
  let bits = len === undefined ? max : Number(len);
  if (mapped && len !== undefined) bits -= 96;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) throw new Error(`not a CIDR range: "${raw}"`);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`not a CIDR range: "${raw}" (prefix 0..${max})`);
  const shift = BigInt(max - bits);
  return { v6: ip.v6, base: (ip.value >> shift) << shift, bits };
}

export class CidrList {
  private readonly ranges: Range[];
  constructor(entries: readonly string[]) {
    this.ranges = entries.map(parseCidr);
  }
  get size(): number {
    return this.ranges.length;
  }
  has(address: string): boolean {
    const ip = parseIp(address);
    if (!ip) return false;
    return this.ranges.some((r) => {
      if (r.v6 !== ip.v6) return false;
      const shift = BigInt((r.v6 ? 128 : 32) - r.bits);
      return (ip.value >> shift) << shift === r.base;
    });
  }
}

/** `::ffff:1.2.3.4` -> `1.2.3.4`; anything else as given. */
function normalise(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the right-most
 * `X-Forwarded-For` hop that is not a trusted proxy (hops further left were written by the client
 * itself and prove nothing). Every hop trusted: the left-most.
 */
export function resolveClient(trusted: CidrList, peer: string | undefined, forwardedFor: string | undefined): string {
  const socket = normalise(peer ?? 'unknown');
  if (trusted.size === 0 || forwardedFor === undefined || !trusted.has(socket)) return socket;
  const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
  let client = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    client = normalise(hops[i]!.replace(/^\[([^\]]+)\](?::\d+)?$/, '$1'));
    if (!trusted.has(client)) return client;
  }
  return client;
}

/** Whether the request came through a trusted proxy that says the browser used https. */
export function forwardedHttps(trusted: CidrList, peer: string | undefined, proto: string | undefined): boolean {
  return trusted.size > 0 && trusted.has(normalise(peer ?? '')) && proto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** 403 for a client outside `--allowed-ips` (none configured: everyone is let through). */
export function ipAllowlist(allowed: CidrList, clientOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    if (allowed.size === 0) return next();
    const client = clientOf(c);
    if (allowed.has(client)) return next();
    return c.json(`Forbidden: client address ${client.slice(0, 60)} is not in --allowed-ips`, 403);
  };
}

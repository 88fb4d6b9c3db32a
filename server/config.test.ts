import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has safe defaults: loopback, no CORS grant, limits on', () => {
    const c = loadConfig([], {});
    assert.equal(c.port, 8787);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dbPath, path.resolve('data/patients.db'));
    assert.equal(c.apiToken, null);
    assert.deepEqual(c.allowedOrigins, []);
    assert.ok(c.bodyLimit > 0 && c.imageLimit > 0 && c.rateLimitRps > 0);
    assert.equal(c.dbSync, defaultConfig.dbSync);
    assert.equal(c.publicReads, false, 'a token guards reads too');
    assert.deepEqual(c.allowedHosts, []);
    assert.equal(c.legacyGetWrites, true);
  });

  it('reads the guards: --public-reads, --allowed-hosts, --no-legacy-get-writes and their env', () => {
    let c = loadConfig([], { PUBLIC_READS: 'on', ALLOWED_HOSTS: 'Monitor.example, lab.example:8080', LEGACY_GET_WRITES: 'off' });
    assert.equal(c.publicReads, true);
    assert.deepEqual(c.allowedHosts, ['monitor.example', 'lab.example:8080']);
    assert.equal(c.legacyGetWrites, false);
    c = loadConfig(['--public-reads', '--no-legacy-get-writes', '--allowed-hosts', '*'], {});
    assert.equal(c.publicReads, true);
    assert.equal(c.legacyGetWrites, false);
    assert.deepEqual(c.allowedHosts, ['*']);
    c = loadConfig(['--public-reads=off', '--legacy-get-writes=on'], { PUBLIC_READS: 'true', LEGACY_GET_WRITES: '0' });
    assert.equal(c.publicReads, false);
    assert.equal(c.legacyGetWrites, true);
    assert.throws(() => loadConfig([], { PUBLIC_READS: 'maybe' }), /PUBLIC_READS: expected on or off/);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '9000', API_TOKEN: 'envtoken', ALLOWED_ORIGINS: 'https://a.example/, https://b.example', DB_SYNC: 'full' };
    let c = loadConfig([], env);
    assert.equal(c.port, 9000);
    assert.equal(c.apiToken, 'envtoken');
    assert.deepEqual(c.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(c.dbSync, 'full');
    c = loadConfig(['--port', '9100', '--token=flagtoken', '--db', '/tmp/x.db', '--host', '0.0.0.0'], env);
    assert.equal(c.port, 9100);
    assert.equal(c.apiToken, 'flagtoken');
    assert.equal(c.dbPath, '/tmp/x.db');
    assert.equal(c.host, '0.0.0.0');
    assert.equal(loadConfig([], { API_TOKEN: '' }).apiToken, null, 'an empty token means no auth');
  });

  it('refuses unknown flags and bad values', () => {
    assert.throws(() => loadConfig(['--prot', '1'], {}), /unknown flag --prot/);
    assert.throws(() => loadConfig(['--port'], {}), /needs a value/);
    assert.throws(() => loadConfig(['--port', 'http'], {}), /non-negative integer/);
    assert.throws(() => loadConfig([], { RATE_LIMIT_RPS: '-1' }), /RATE_LIMIT_RPS/);
    assert.throws(() => loadConfig([], { LOG_LEVEL: 'debug' }), /info or silent/);
  });
});

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

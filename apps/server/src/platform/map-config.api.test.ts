// The map settings the web app reads (GET /api/v1/map): no tile server unless the operator sets
// MAP_TILE_URL — then, and only then, its origin is allowed in the CSP's img-src — and every
// commune's centre point, so a report can be placed on a plain background when no tiles load.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../test/harness.ts';
import { loadConfig } from './config.ts';

function imgSrc(csp: string | undefined): string {
  return /img-src ([^;]*)/.exec(csp ?? '')?.[1] ?? '';
}

describe('map settings without a tile server (the default)', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
    await env.ctx.db
      .insertInto('communes')
      .values([
        { code: '90001', name: 'Phường Bản Đồ', kind: 'phuong', province: 'Thử nghiệm', lat: 9.6125, lon: 105.9795 },
        { code: '90002', name: 'Xã Chưa Có Tọa Độ', kind: 'xa', province: 'Thử nghiệm' },
      ])
      .execute();
  });
  after(() => env.close());

  it('offers no tiles and gives each commune its centre point (null when unknown), to anyone', async () => {
    const res = await env.f.anonymous().get('/api/v1/map');
    assert.equal(res.statusCode, 200, res.body);
    const body = json(res);
    assert.equal(body.tiles, null);
    assert.deepEqual(
      body.communes.find((c: any) => c.code === '90001'),
      { code: '90001', name: 'Phường Bản Đồ', lat: 9.6125, lon: 105.9795 },
    );
    assert.deepEqual(
      body.communes.find((c: any) => c.code === '90002'),
      { code: '90002', name: 'Xã Chưa Có Tọa Độ', lat: null, lon: null },
    );
  });

  it('lets images load only from the site itself', async () => {
    const res = await env.f.anonymous().get('/api/v1/map');
    assert.equal(imgSrc(res.headers['content-security-policy'] as string), "'self' data: blob:");
  });
});

describe('map settings with MAP_TILE_URL', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv({}, { MAP_TILE_URL: 'https://{s}.tiles.bando.example.vn/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Bản đồ Việt Nam' });
  });
  after(() => env.close());

  it('gives the web app the template and attribution, and allows that origin in img-src', async () => {
    const res = await env.f.anonymous().get('/api/v1/map');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res).tiles, { url: 'https://{s}.tiles.bando.example.vn/{z}/{x}/{y}.png', attribution: '© Bản đồ Việt Nam' });
    assert.equal(imgSrc(res.headers['content-security-policy'] as string), "'self' data: blob: https://*.tiles.bando.example.vn");
  });

  it('refuses, in Vietnamese, a tile address that is not an http(s) template with {z}, {x} and {y}', () => {
    for (const bad of ['javascript:alert(1)//{z}/{x}/{y}', 'https://tiles.example.vn/tile.png', 'không phải địa chỉ {z}{x}{y}']) {
      assert.throws(() => loadConfig({ MAP_TILE_URL: bad }), /MAP_TILE_URL phải là địa chỉ http\(s\) có \{z\}, \{x\}, \{y\}/, bad);
    }
    assert.throws(() => loadConfig({ MAP_TILE_URL: 'https://tile-{s}.example.vn/{z}/{x}/{y}.png' }), /chỉ cho phép \{s\} ở đầu tên máy chủ/);
    assert.equal(loadConfig({ MAP_TILE_URL: '' }).mapTiles, null);
  });
});

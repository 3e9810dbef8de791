// The Open311 format layer against the specification's own examples: the spec's JSON example,
// rendered by our XML builder, must parse to exactly what the spec's XML example parses to (same
// element names, nesting, lists and values), and our JSON must be the spec's JSON. That is the
// spec's own JSON↔XML mapping, checked in both directions for every resource it shows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseW3cDateTime, splitExtension, toJson, toXml, w3cDateTime, type Resource } from './format.ts';
import * as spec from './spec-examples.ts';
import { parseXml } from './test-xml.ts';

const cases: { name: string; kind: Resource['kind']; xml: string; json: string }[] = [
  { name: 'GET Service List', kind: 'services', xml: spec.SPEC_SERVICES_XML, json: spec.SPEC_SERVICES_JSON },
  { name: 'GET Service Definition', kind: 'service_definition', xml: spec.SPEC_SERVICE_DEFINITION_XML, json: spec.SPEC_SERVICE_DEFINITION_JSON },
  { name: 'POST Service Request (response)', kind: 'created', xml: spec.SPEC_POST_RESPONSE_XML, json: spec.SPEC_POST_RESPONSE_JSON },
  { name: 'GET service_request_id from a token', kind: 'tokens', xml: spec.SPEC_TOKEN_XML, json: spec.SPEC_TOKEN_JSON },
  { name: 'GET Service Requests', kind: 'service_requests', xml: spec.SPEC_REQUESTS_XML, json: spec.SPEC_REQUESTS_JSON },
  { name: 'Errors', kind: 'errors', xml: spec.SPEC_ERRORS_XML, json: spec.SPEC_ERRORS_JSON },
  { name: 'Service Discovery', kind: 'discovery', xml: spec.SPEC_DISCOVERY_XML, json: spec.SPEC_DISCOVERY_JSON },
];

describe('the spec’s example responses, rebuilt by our format layer', () => {
  for (const c of cases) {
    it(`${c.name}: XML from the spec’s JSON parses to exactly the spec’s XML`, () => {
      const data = JSON.parse(c.json);
      const ours = toXml({ kind: c.kind, data } as Resource);
      assert.deepEqual(parseXml(ours), parseXml(c.xml));
      assert.match(ours, /^<\?xml version="1\.0" encoding="utf-8"\?>\n/, 'the XML declaration with its encoding comes first');
    });
    it(`${c.name}: our JSON is the spec’s JSON`, () => {
      const data = JSON.parse(c.json);
      assert.deepEqual(JSON.parse(toJson({ kind: c.kind, data } as Resource)), data);
    });
  }

  it('empty lists stay the spec’s elements: <services/>, <attributes/>, <service_requests/>', () => {
    assert.deepEqual(parseXml(toXml({ kind: 'services', data: [] })).services, '');
    assert.deepEqual(parseXml(toXml({ kind: 'service_requests', data: [] })).service_requests, '');
    assert.deepEqual(parseXml(toXml({ kind: 'service_definition', data: { service_code: 'den_duong', attributes: [] } })).service_definition, { service_code: 'den_duong', attributes: '' });
    assert.equal(toJson({ kind: 'service_definition', data: { service_code: 'den_duong', attributes: [] } }), '{"service_code":"den_duong","attributes":[]}');
  });
});

describe('text in XML', () => {
  const service = (name: string, description: string) => ({ service_code: 'x', service_name: name, description, metadata: false, type: 'realtime' as const, keywords: '', group: 'Hạ tầng' });

  it('Vietnamese stays as UTF-8 characters (not entities) and survives the round trip', () => {
    const name = 'Đèn chiếu sáng công cộng hư hỏng';
    const xml = toXml({ kind: 'services', data: [service(name, 'Ổ gà, sụt lún mặt đường — phường Phú Lợi')] });
    assert.ok(xml.includes(name), 'written as characters');
    assert.equal(Buffer.from(xml, 'utf8').toString('utf8'), xml);
    const parsed = parseXml(xml).services.service[0];
    assert.equal(parsed.service_name, name);
    assert.equal(parsed.description, 'Ổ gà, sụt lún mặt đường — phường Phú Lợi');
  });

  it('markup in a report is escaped, and characters XML cannot carry are dropped, so the document always parses', () => {
    const nasty = '<script>alert("x")</script> & ]]> \u0001\u0008\uFFFE tab\there \uD800 end';
    const xml = toXml({ kind: 'services', data: [service(nasty, 'mô tả')] });
    assert.ok(!xml.includes('<script>'));
    const parsed = parseXml(xml).services.service[0];
    assert.equal(parsed.service_name, '<script>alert("x")</script> & ]]>  tab\there  end');
  });
});

describe('dates and paths', () => {
  it('datetimes are W3C with Vietnam’s +07:00 offset', () => {
    assert.equal(w3cDateTime('2026-11-27T02:30:05.123Z'), '2026-11-27T09:30:05+07:00');
    assert.equal(w3cDateTime(new Date('2026-12-31T20:00:00Z')), '2027-01-01T03:00:00+07:00');
  });

  it('start_date/end_date: Z, an offset, fractions and bare dates are read; anything else is refused', () => {
    assert.equal(parseW3cDateTime('2010-05-24T00:00:00Z')?.toISOString(), '2010-05-24T00:00:00.000Z');
    assert.equal(parseW3cDateTime('2026-11-27T09:30:00+07:00')?.toISOString(), '2026-11-27T02:30:00.000Z');
    assert.equal(parseW3cDateTime('1994-11-05T08:15:30-05:00')?.toISOString(), '1994-11-05T13:15:30.000Z');
    assert.equal(parseW3cDateTime('2026-11-27T09:30:00.5Z')?.toISOString(), '2026-11-27T09:30:00.500Z');
    assert.equal(parseW3cDateTime('2026-11-27')?.toISOString(), '2026-11-26T17:00:00.000Z', 'a bare date is midnight in Vietnam');
    for (const bad of ['', 'hôm qua', '2026-02-31T00:00:00Z', '2026-13-01', '2026-11-27T25:00:00Z', '2026-11-27T09:30:00', '27/11/2026', '2026-11-27T09:30:00+7']) {
      assert.equal(parseW3cDateTime(bad), null, bad);
    }
  });

  it('the format is the last extension, so ids with dots keep them', () => {
    assert.deepEqual(splitExtension('PA-261127-0001.json'), { id: 'PA-261127-0001', ext: 'json' });
    assert.deepEqual(splitExtension('a.b.xml'), { id: 'a.b', ext: 'xml' });
    assert.deepEqual(splitExtension('khong-co-duoi'), { id: 'khong-co-duoi', ext: '' });
    assert.deepEqual(splitExtension('.json'), { id: '.json', ext: '' });
  });
});

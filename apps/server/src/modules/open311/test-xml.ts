// Reading Open311 XML back in tests, with fast-xml-parser: values as strings (as XML has them),
// and the spec's list items always arrays, so one item and many have the same shape.
import { XMLParser } from 'fast-xml-parser';

/** Elements that are list items in the spec. */
export const LIST_ITEMS = new Set(['service', 'request', 'attribute', 'value', 'error', 'endpoint', 'format']);
const parser = new XMLParser({ parseTagValue: false, trimValues: true, ignoreDeclaration: false, ignoreAttributes: false, isArray: (name) => LIST_ITEMS.has(name) });
export const parseXml = (text: string) => parser.parse(text);

/**
 * A `.json` config is read with JSON.parse; what only the YAML parser reports about JSON (a repeated
 * key, nesting deeper than a config does) still goes through it, with the same problem lines.
 */
import { parseDocument } from 'yaml';
import { parseConfigText } from '../../src/config/load';
import { exampleInput } from '../support/synth';

describe('parseConfigText of a .json file', () => {
  test('valid JSON reads as the value JSON.parse gives, as the YAML parser would read it', () => {
    const text = JSON.stringify(exampleInput(), null, 2);
    const read = parseConfigText(text, 'platform.json');
    expect(read.problems).toEqual([]);
    expect(read.value).toEqual(JSON.parse(text));
    expect(read.value).toEqual(parseDocument(text).toJS());
  });

  test('a repeated key is a problem line at its line, as before', () => {
    const read = parseConfigText('{\n  "version": 1,\n  "version": 2\n}\n', 'platform.json');
    expect(read.value).toBeUndefined();
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0].path).toBe('platform.json:3');
    expect(read.problems[0].fix).toBe('Write each key once');
  });

  test('a repeated key deep inside is found too', () => {
    const read = parseConfigText('{"clusters":[{"name":"a","tags":{"x":"1","y":"2","x":"3"}}]}', 'platform.json');
    expect(read.problems.map((p) => p.fix)).toEqual(['Write each key once']);
  });

  test('nesting deeper than a config goes through the YAML parser, which reads it (or says it cannot)', () => {
    const deep = `{"a":${'['.repeat(100)}1${']'.repeat(100)}}`;
    const read = parseConfigText(deep, 'platform.json');
    const yaml = parseDocument(deep, { uniqueKeys: true, logLevel: 'silent' });
    if (yaml.errors.length === 0) expect(read).toEqual({ value: JSON.parse(deep), problems: [] });
    else expect(read.problems).toHaveLength(1);
  });

  test('invalid JSON is a parse problem, as before', () => {
    const read = parseConfigText('{"version": 1,}', 'platform.json');
    expect(read.value).toBeUndefined();
    expect(read.problems[0].message).toMatch(/^cannot be parsed: /);
  });
});

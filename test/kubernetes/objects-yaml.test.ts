/**
 * objectsYaml (src/kubernetes/objects.ts) writes the secret provider class's `objects` exactly as the
 * yaml library writes them, on its direct path (plain names) and through the library (the rest).
 */
import { parse, stringify } from 'yaml';
import { objectsYaml } from '../../src/kubernetes/objects';

const library = (items: Array<Record<string, string>>) => stringify(items, { lineWidth: 0 });

const NAMES = [
  'prod/app/db', '/prod/app/x', 'a', '_x', 'A-b_c.d', 'payments-events', 'prod_app_db',
  // the library quotes or escapes these, or reads them as something else: they take its path
  'true', 'False', 'NULL', 'null', 'yes', 'no', 'on', '~', '123', '0x1f', '1e5', '.inf', '-x', '- x', '?x', ':x', 'x:', 'x: y', 'x #y', '#x',
  'a b', ' lead', 'trail ', 'quote"', "single'", 'back\\slash', 'new\nline', 'tab\tx', '{x}', '[x]', '*x', '&x', '!x', '|x', '>x', '%x', '@x', '`x',
  'é', '日本', 'x'.repeat(300), '', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', '${x}', '%{x}',
];

describe('objectsYaml', () => {
  test.each(NAMES)('%j as every value: the library\'s bytes', (name) => {
    const items = [
      { objectName: name, objectType: 'secretsmanager', objectAlias: 'alias' },
      { objectName: 'plain/one', objectType: 'ssmparameter', objectAlias: name },
    ];
    expect(objectsYaml(items)).toBe(library(items));
    expect(parse(objectsYaml(items))).toEqual(items);
  });

  test('every pair of names, one item each, and the empty list: the library\'s bytes', () => {
    for (const a of NAMES) {
      for (const b of ['plain', 'x y', 'true']) {
        const items = [{ objectName: a, objectType: b, objectAlias: 'z' }];
        expect({ a, b, out: objectsYaml(items) }).toEqual({ a, b, out: library(items) });
      }
    }
    expect(objectsYaml([])).toBe(library([]));
  });

  test('plain names are a block list of maps, one key per line', () => {
    expect(objectsYaml([{ objectName: 'prod/app/db', objectType: 'secretsmanager', objectAlias: 'prod_app_db' }]))
      .toBe('- objectName: prod/app/db\n  objectType: secretsmanager\n  objectAlias: prod_app_db\n');
  });
});

/**
 * Values in a template are Java objects (API Gateway runs Apache Velocity 1.7 on the JVM): they
 * print as Java's toString() and answer Java's methods with Java's results. Sources: Java SE 8 API
 * (java.lang.String, java.util.List, java.util.Map, AbstractMap.toString,
 * AbstractCollection.toString, Double.toString), the Velocity 1.7 User Guide ("Methods",
 * "Properties") and Velocity 1.7's ASTMethod (a void method gives '').
 */
import assert from 'node:assert/strict';
import { renderTemplate, VtlRenderError } from '../../../src/vtl';

/** `body` is sent as is when it is JSON text (to keep `42.0` and key order), else as JSON. */
const render = (template: string, body?: unknown): string =>
  renderTemplate(
    template,
    body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) },
  );

const rows = (cases: Array<[string, string, string, unknown?]>): void => {
  for (const [name, template, expected, body] of cases)
    it(name, () => assert.equal(render(template, body), expected));
};

describe('VTL values are Java objects: how they print', () => {
  rows([
    [
      'a map prints as AbstractMap.toString: {k=v, …}, nested lists and maps too, null as "null"',
      "$input.path('$.obj')",
      '{a=1, b=[x, y], c=null, d=1.5, e={f=true}}',
      { obj: { a: 1, b: ['x', 'y'], c: null, d: 1.5, e: { f: true } } },
    ],
    [
      // AWS does not document the map class behind $input.path; the JSON's order is kept (a JS
      // object would put the integer-like keys first).
      'a map keeps the order of the JSON, integer-like keys included',
      "$input.path('$.obj')",
      '{b=1, 10=2, 2=3}',
      '{"obj": {"b": 1, "10": 2, "2": 3}}',
    ],
    [
      'a map from $util.parseJson prints as a Java map (not [object Object])',
      '#set($o = $util.parseJson(\'{"a": {"b": [1, 2]}}\'))$o and $o.a',
      '{a={b=[1, 2]}} and {b=[1, 2]}',
    ],
    [
      'a list prints as AbstractCollection.toString: [a, b]',
      "$input.path('$.list')",
      '[1, two, null, 2.5, true]',
      { list: [1, 'two', null, 2.5, true] },
    ],
    [
      'an integral JSON number is an Integer, a JSON number with a fraction or exponent a Double (Double.toString)',
      "$input.path('$.i') $input.path('$.d') $input.path('$.e') $input.path('$.big') $input.path('$.small')",
      '42 42.0 1000.0 1.5E10 1.0E-4',
      '{"i": 42, "d": 42.0, "e": 1e3, "big": 1.5e10, "small": 0.0001}',
    ],
    ['$input.json keeps a double a double', "$input.json('$.d')", '42.0', '{"d": 42.0}'],
    [
      'a null reference renders as nothing in API Gateway, plain ($x) and quiet ($!x) alike',
      "[$nothing][$!nothing][$input.path('$.gone')][$!input.path('$.gone')]",
      '[][][][]',
      {},
    ],
  ]);
});

describe('VTL values are Java objects: java.lang.String methods', () => {
  const hello = { s: 'Hello, World', csv: 'a,b,,c,,', pad: '\u00a0x \t', empty: '' };
  rows([
    ['length()', "$input.path('$.s').length()", '12', hello],
    [
      'substring(begin) and substring(begin, end)',
      "#set($s = $input.path('$.s'))$s.substring(7)|$s.substring(0, 5)",
      'World|Hello',
      hello,
    ],
    [
      'indexOf, indexOf from, lastIndexOf; -1 when absent',
      "#set($s = $input.path('$.s'))$s.indexOf('o') $s.indexOf('o', 5) $s.lastIndexOf('o') $s.indexOf('z')",
      '4 8 8 -1',
      hello,
    ],
    [
      'contains, startsWith, endsWith, isEmpty, equals, equalsIgnoreCase, matches (whole string)',
      "#set($s = $input.path('$.s'))$s.contains('World') $s.startsWith('Hell') $s.endsWith('d') $s.isEmpty() $s.equals('Hello, World') $s.equalsIgnoreCase('hello, world') $s.matches('H.*d') $s.matches('World')",
      'true true true false true true true false',
      hello,
    ],
    [
      'replace is literal and replaces every occurrence',
      "$input.path('$.s').replace('l', 'L')",
      'HeLLo, WorLd',
      hello,
    ],
    [
      'replaceAll takes a Java regex',
      "$input.path('$.s').replaceAll('[aeiou]', '*')",
      'H*ll*, W*rld',
      hello,
    ],
    [
      'replaceAll: $n in the replacement is a group',
      String.raw`$input.path('$.s').replaceAll('(\w+), (\w+)', '$2 $1')`,
      'World Hello',
      hello,
    ],
    ['replaceFirst', "$input.path('$.s').replaceFirst('l', 'L')", 'HeLlo, World', hello],
    [
      'split drops trailing empty strings (String.split(regex))',
      "$input.path('$.csv').split(',')",
      '[a, b, , c]',
      hello,
    ],
    ['split with a limit keeps them', "$input.path('$.csv').split(',', -1).size()", '6', hello],
    [
      'split on "" gives the characters, without a leading empty string (Java 8)',
      "#set($s = 'abc')$s.split('')",
      '[a, b, c]',
    ],
    [
      'a leading (?i) flag works as in java.util.regex',
      "#set($s = 'ABC')$s.matches('(?i)abc')",
      'true',
    ],
    [
      'toLowerCase, toUpperCase, charAt, concat',
      "#set($s = 'Ab')$s.toLowerCase() $s.toUpperCase() $s.charAt(1) $s.concat('!')",
      'ab AB b Ab!',
    ],
    [
      'trim removes characters up to U+0020 only (not a no-break space)',
      "[$input.path('$.pad').trim()]",
      '[\u00a0x]',
      hello,
    ],
    [
      'compareTo and hashCode are Java’s',
      "#set($s = 'Hello')$s.compareTo('Help') $s.compareTo('Hel') $s.hashCode()",
      '-4 2 69609650',
    ],
    ['$s.empty is the isEmpty() property', "#set($s = '')$s.empty", 'true'],
    [
      'a method that does not exist, or not for these argument types, gives null (renders nothing)',
      "#set($s = 'abc')[$s.nope()][$s.substring('x')][$s.length(1)]",
      '[][][]',
    ],
  ]);

  it('a Java exception fails the rendering (StringIndexOutOfBoundsException)', () => {
    assert.throws(
      () => render("#set($s = 'abc')$s.substring(5)"),
      (error: unknown) =>
        error instanceof VtlRenderError &&
        /^java\.lang\.StringIndexOutOfBoundsException: begin 5, end 3, length 3 \(at 1:17: \$s\.substring\(5\)\)$/.test(
          error.message,
        ),
    );
  });
});

describe('VTL values are Java objects: java.util.List methods', () => {
  rows([
    [
      'size, get, isEmpty, contains, indexOf, subList',
      '#set($l = [1, 2, 3])$l.size() $l.get(0) $l.isEmpty() $l.contains(2) $l.indexOf(3) $l.subList(1, 3)',
      '3 1 false true 2 [2, 3]',
    ],
    [
      'add returns true, which Velocity prints; #set($d = $l.add(x)) keeps it out of the output',
      '#set($l = [1])$l.add(2)|#set($d = $l.add(3))|$l',
      'true||[1, 2, 3]',
    ],
    [
      'contains uses equals(): the Integer 1 is not the Double 1.0',
      '#set($l = [1])$l.contains(1) $l.contains(1.0)',
      'true false',
    ],
    ['a void method gives "" (add(index, x))', '#set($l = [1])[$l.add(0, 0)]$l', '[][0, 1]'],
    [
      '$list[i] is get(i), a negative index counting from the end (Velocity 1.7 index notation)',
      "#set($l = ['a', 'b', 'c'])$l[0]$l[-1]",
      'ac',
    ],
  ]);

  it('get out of range fails the rendering (IndexOutOfBoundsException)', () => {
    assert.throws(
      () => render('#set($l = [1])$l.get(3)'),
      (error: unknown) =>
        error instanceof VtlRenderError &&
        error.message.startsWith('java.lang.IndexOutOfBoundsException: Index: 3, Size: 1'),
    );
  });
});

describe('VTL values are Java objects: java.util.Map methods', () => {
  rows([
    [
      'size, get, containsKey, keySet, values, entrySet, isEmpty',
      '#set($m = {"a": 1, "b": 2})$m.size() $m.get("a") $m.containsKey("b") $m.keySet() $m.values() $m.entrySet() $m.isEmpty()',
      '2 1 true [a, b] [1, 2] [a=1, b=2] false',
    ],
    [
      'put returns the previous value (null the first time, which renders as nothing)',
      '#set($m = {"a": 1})[$m.put("b", 2)][$m.put("a", 9)]$m',
      '[][1]{a=9, b=2}',
    ],
    [
      '$map.key is get("key"); a missing key is null',
      '#set($m = {"a": 1})$m.a [$m.zzz] [$m.get("zzz")]',
      '1 [] []',
    ],
    [
      'an entry has key and value',
      '#set($m = {"a": 1, "b": 2})#foreach($e in $m.entrySet())$e.key=$e.value;#end',
      'a=1;b=2;',
    ],
    [
      'a JSON key is a String: get(1) does not find "1"',
      '#set($m = $util.parseJson(\'{"1": "x"}\'))[$m.get(1)][$m.get("1")]',
      '[][x]',
    ],
  ]);
});

/**
 * Velocity 1.7's rules, which API Gateway's engine follows and JavaScript does not. Sources: the
 * Apache Velocity 1.7 User Guide (sections "Math", "#set", "Conditionals", "Loops", "Break") and,
 * where the guide says nothing, Velocity 1.7's source (MathUtils, ASTAddNode, ASTDivNode,
 * ASTModNode, ASTEQNode, ASTLTNode, ASTReference.evaluate, SimpleNode.evaluate, ASTSetDirective,
 * Foreach, ForeachScope, the default velocity.properties).
 */
import assert from 'node:assert/strict';
import { renderTemplate } from '../../../src/vtl';

const rows = (cases: Array<[string, string, string, string?]>): void => {
  for (const [name, template, expected, body] of cases)
    it(name, () =>
      assert.equal(renderTemplate(template, body === undefined ? {} : { body }), expected),
    );
};

describe('Velocity 1.7 arithmetic (User Guide "Math"; MathUtils)', () => {
  rows([
    ['integer division discards the fraction: 5 / 2 is 2', '#set($x = 5 / 2)$x', '2'],
    ['it truncates toward zero, as Java’s long division', '#set($x = -7 / 2)$x', '-3'],
    [
      'the remainder comes from %, with the sign of the dividend',
      '#set($a = 7 % 3)#set($b = -7 % 3)$a $b',
      '1 -1',
    ],
    [
      'a Double on either side gives a Double',
      '#set($a = 5 / 2.0)#set($b = 1 + 1.0)#set($c = 0.1 + 0.2)$a $b $c',
      '2.5 2.0 0.30000000000000004',
    ],
    [
      'an int that overflows becomes a long (MathUtils widens)',
      '#set($x = 2147483647 + 1)$x',
      '2147483648',
    ],
    [
      'a JSON integer is an Integer: $input.path arithmetic is integer arithmetic',
      "#set($x = $input.path('$.n') / 5)$x",
      '8',
      '{"n": 42}',
    ],
    ['+ with a String concatenates', '#set($x = "a" + 1)#set($y = 1 + "b")$x $y', 'a1 1b'],
    [
      '+ with a String and a null contributes the reference text (ASTAddNode)',
      '#set($x = "a" + $missing)$x',
      'a$missing',
    ],
    [
      'division and modulo by zero give null, so the #set does nothing (ASTDivNode, ASTModNode)',
      "#set($x = 'kept')#set($x = 5 / 0)#set($x = 5 % 0)#set($x = 5.0 / 0)$x",
      'kept',
    ],
    [
      'a null or non-number operand gives null, so the #set does nothing (ASTMathNode)',
      "#set($x = 'kept')#set($x = $missing + 1)#set($x = $missing * 2)#set($l = [1])#set($x = $l - 1)$x",
      'kept',
    ],
  ]);
});

describe('Velocity 1.7 comparisons and logic (ASTEQNode, ASTNENode, ASTLTNode, ASTAndNode)', () => {
  rows([
    ['numbers compare by value whatever their class: 1 == 1.0', '#if(1 == 1.0)yes#end', 'yes'],
    [
      'different classes compare by toString(): the Integer 42 == "42"',
      "#if($input.path('$.n') == '42')yes#end",
      'yes',
      '{"n": 42}',
    ],
    [
      'null == null is true, null != "x" is true',
      "#if($a == $b)eq#end #if($a != 'x')ne#end",
      'eq ne',
    ],
    [
      '< and > compare numbers only: "b" > "a" is false',
      "#if('b' > 'a')yes#{else}no#end #if(10 > 9.5)yes#end",
      'no yes',
    ],
    [
      '&&, || and ! give Booleans',
      "#set($t = 1 < 2 && 'x' == 'x')#set($f = !$t || false)$t $f",
      'true false',
    ],
  ]);
});

describe('Velocity 1.7 #set with a null value (User Guide "#set"; directive.set.null.allowed = false)', () => {
  rows([
    [
      'a null right-hand side leaves the variable as it was (the User Guide example: "bill" twice)',
      "#set($result = 'bill')#set($result = $input.path('$.address'))$result",
      'bill',
      '{}',
    ],
    ['a missing map key is null too', '#set($m = {})#set($r = 1)#set($r = $m.get("nope"))$r', '1'],
    ['#set on a property of a map puts the key', '#set($m = {})#set($m.k = "v")$m', '{k=v}'],
    [
      '#set on a property of a null reference does nothing (no map is created)',
      '#set($nothing.a = 1)[$nothing]',
      '[]',
    ],
  ]);
});

describe('Velocity 1.7 truthiness in #if (User Guide "Conditionals": true unless null or false)', () => {
  rows([
    ['an empty string is true', "#set($e = '')#if($e)true#end", 'true'],
    [
      'an empty list and an empty map are true',
      '#set($l = [])#set($m = {})#if($l)list#end #if($m)map#end',
      'list map',
    ],
    ['0 is true', '#set($z = 0)#if($z)true#end', 'true'],
    [
      'false and null are false',
      "#set($f = false)#if($f)f#{else}not f#end #if($input.path('$.none'))n#{else}not n#end",
      'not f not n',
      '{"none": null}',
    ],
    ['an empty JSON string is true', "#if($input.path('$.s'))true#end", 'true', '{"s": ""}'],
    [
      'a bare string or number literal as the condition is false (SimpleNode.evaluate)',
      "#if('text')yes#{else}no#end #if(1)yes#{else}no#end",
      'no no',
    ],
  ]);
});

describe('Velocity 1.7 #foreach and #break (User Guide "Loops", "Break")', () => {
  rows([
    [
      'over a Map it iterates the values',
      '#set($m = {"a": 1, "b": 2})#foreach($v in $m)$v#end',
      '12',
    ],
    [
      'over null, or over something that is not a collection, it does nothing',
      "#set($s = 'abc')#foreach($v in $missing)x#end#foreach($c in $s)x#end.",
      '.',
    ],
    [
      '$foreach.index, count, first, last, hasNext',
      "#foreach($v in ['a', 'b', 'c'])$foreach.index$foreach.count$foreach.first$foreach.last$foreach.hasNext #end",
      '01truefalsetrue 12falsefalsetrue 23falsetruefalse ',
    ],
    [
      '$velocityCount counts from 1 (directive.foreach.counter.initial.value)',
      "#foreach($v in ['a', 'b'])$velocityCount#end",
      '12',
    ],
    [
      '$foreach.parent is the enclosing loop',
      "#foreach($a in [1, 2])#foreach($b in ['x', 'y'])$foreach.parent.count$b #end#end",
      '1x 1y 2x 2y ',
    ],
    [
      '#break stops the loop; the text before it is kept, the rest of the iteration is not',
      '#foreach($x in [1, 2, 3])$x#if($x == 2)#break#end,#end.',
      '1,2.',
    ],
    [
      '#break($foreach.parent) stops the enclosing loop',
      '#foreach($a in [1, 2])#foreach($b in [1, 2, 3])[$a$b]#if($b == 2)#break($foreach.parent)#end#end#end.',
      '[11][12].',
    ],
    ['#break outside a loop stops the template', 'a#break b', 'a'],
    [
      'the loop variable is restored after the loop (Foreach.clean)',
      "#set($x = 'outer')#foreach($x in [1, 2])$x#end $x",
      '12 outer',
    ],
  ]);
});

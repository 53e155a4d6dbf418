// Kim's clean_str / clean_str_sst, on examples worked out by hand from his regexes (process_data.py), including
// the literal backslashes Python's re.sub keeps in " \( ", " \) ", " \? ".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanStr, cleanStrSst, words } from '../../../src/tasks/kim/clean-str.ts';

test('clean_str: clitics, punctuation, filtered characters, lower case', () => {
  assert.equal(
    cleanStr("It's a MOVIE -- I've seen, and didn't like!"),
    "it 's a movie i 've seen , and did n't like !",
  );
  assert.equal(cleanStr("you're, we'd, they'll"), "you 're , we 'd , they 'll");
  assert.equal(cleanStr('Is it (really) good?'), 'is it \\( really \\) good \\?');
  assert.equal(cleanStr('naïve café: 100% "fun"'), 'na ve caf 100 fun');
  assert.equal(cleanStr('  tabs\tand\nnewlines  '), 'tabs and newlines');
  assert.equal(cleanStr("``quoted''"), "``quoted''");
  assert.equal(cleanStr(''), '');
});

test('clean_str keeps case for TREC', () => {
  assert.equal(cleanStr('What is the capital of France ?', { trec: true }), 'What is the capital of France \\?');
  assert.equal(cleanStr("Who's Popeye Doyle's creator?", { trec: true }), "Who 's Popeye Doyle 's creator \\?");
});

test('clean_str_sst: only the character filter and blank squeezing, lower-cased', () => {
  assert.equal(cleanStrSst("It 's a -LRB- great -RRB- film , is n't it ?"), "it 's a lrb great rrb film , is n't it ?");
  assert.equal(cleanStrSst('Cliché-ridden; but fun!'), 'clich ridden but fun!');
});

test("words: Python's str.split()", () => {
  assert.deepEqual(words(' a  b\tc '), ['a', 'b', 'c']);
  assert.deepEqual(words(''), []);
});

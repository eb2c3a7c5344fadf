// node --test web/test/unit: the browser-side ID check agrees with the API's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCitizenId, checkChar, guessSearchKind } from '../../src/util/citizenId.js';

const today = new Date(2026, 11, 3);

test('the standard example 11010519491231002X is valid', () => {
  const r = parseCitizenId('11010519491231002X', today);
  assert.equal(r.ok, true);
  assert.equal(r.birthDate, '1949-12-31');
  assert.equal(r.sex, '2');
  assert.equal(parseCitizenId('11010519491231002x', today).number, '11010519491231002X');
});

test('reasons match the API word for word', () => {
  assert.equal(parseCitizenId('140423199001011234', today).reason, "bad check character '4', expected '7'");
  assert.equal(parseCitizenId('140423197602054', today).reason, 'impossible birth date 19197602');
  assert.equal(parseCitizenId('12345', today).reason, 'must be 18 characters (or a legacy 15-digit number), got 5');
  assert.equal(parseCitizenId('14042319900A011234', today).reason, "character 12 ('A') is not a digit");
  assert.equal(parseCitizenId('', today).reason, 'is empty');
});

test('check characters', () => {
  assert.equal(checkChar('11010519491231002'), 'X');
  assert.equal(checkChar('14042319760205463'), '9');
});

test('search kinds', () => {
  assert.equal(guessSearchKind('140423197602054639'), 'id_number');
  assert.equal(guessSearchKind('14042310000100001'), 'record_no');
  assert.equal(guessSearchKind('15235306208'), 'phone');
  assert.equal(guessSearchKind('王'), 'name');
  assert.equal(guessSearchKind('E12345678'), 'id_number');
});

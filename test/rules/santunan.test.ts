import t from 'tap';
import { assessSantunanKematian, santunanDeadline, type SantunanInput } from '../../src/rules/santunan.js';

// Death on Monday 7 July 2025: the 40th working day after it is Tuesday 2 September 2025 (cuti bersama 18 August skipped).
const BASE: SantunanInput = {
  dateOfDeath: '2025-07-07',
  applicationDate: '2025-07-21',
  kecamatanCode: '367107',
  desil: 1,
  desilSource: 'DTSEN',
};
const santunan = (p: Partial<SantunanInput> = {}) => assessSantunanKematian({ ...BASE, ...p });

t.test('a poor resident in DTSEN who applies in time receives Rp3,000,000', async (t) => {
  const a = santunan();
  t.equal(a.eligible, true);
  t.equal(a.amount, 3_000_000);
  t.same(a.breakdown, [{ component: 'SANTUNAN_KEMATIAN', amount: 3_000_000 }]);
  t.equal(a.rulesetVersion, 'ID-BPU-2019.1');
  t.equal(a.workingDaysAfterDeath, 10);
  t.match(a.reasons.join(' | '), /desil 1 in DTSEN, at most 4 .* 10 working days after the death, within 40/);
});

t.test('the 40-working-day deadline skips weekends and the 17–18 August holidays', async (t) => {
  t.equal(santunanDeadline('2025-07-07'), '2025-09-02');
  t.equal(santunanDeadline('2025-07-07', []), '2025-09-01', 'without the holiday list 18 August would count, one day sooner');
});

t.test('an application on the 40th working day is in time', async (t) => {
  const a = santunan({ applicationDate: '2025-09-02' });
  t.equal(a.eligible, true);
  t.equal(a.workingDaysAfterDeath, 40);
  t.equal(a.applicationDeadline, '2025-09-02');
});

t.test('an application on the 41st working day is too late', async (t) => {
  const a = santunan({ applicationDate: '2025-09-03' });
  t.equal(a.eligible, false);
  t.equal(a.amount, 0);
  t.match(a.reasons, [/applied on 2025-09-03, 41 working days after the death on 2025-07-07; the limit is 40 working days \(until 2025-09-02\)/]);
});

t.test('holidays are data: a custom list moves the deadline', async (t) => {
  const a = santunan({ applicationDate: '2025-09-03', holidays: ['2025-08-18', '2025-09-02'] });
  t.equal(a.eligible, true, 'with 2 September also a holiday, 3 September is the 40th working day');
  t.equal(a.applicationDeadline, '2025-09-03');
});

t.test('Idul Fitri and its cuti bersama do not count as working days', async (t) => {
  // Death on Thursday 27 March 2025: 28 March, 31 March–7 April, 18 April, 1, 12, 13, 29, 30 May, 6 and 9 June
  // are holidays or cuti bersama; counted by hand, the 40th working day is Thursday 12 June.
  t.equal(santunanDeadline('2025-03-27'), '2025-06-12');
  t.equal(santunan({ dateOfDeath: '2025-03-27', applicationDate: '2025-06-12' }).eligible, true);
  t.equal(santunan({ dateOfDeath: '2025-03-27', applicationDate: '2025-06-13' }).eligible, false);
});

t.test('an application dated before the death is refused', async (t) => {
  const a = santunan({ applicationDate: '2025-07-06' });
  t.equal(a.eligible, false);
  t.match(a.reasons, [/application date 2025-07-06 is before the death on 2025-07-07/]);
});

t.test('desil 4 is poor; desil 5 is not unless verified as meeting the criteria', async (t) => {
  t.equal(santunan({ desil: 4, desilSource: 'DTKS' }).eligible, true);
  const d5 = santunan({ desil: 5 });
  t.equal(d5.eligible, false);
  t.match(d5.reasons, [/desil 5 in DTSEN is above 4 and the person was not verified/]);
  const verified = santunan({ desil: 5, meetsPovertyCriteria: true });
  t.equal(verified.eligible, true);
  t.match(verified.reasons.join(), /verified as meeting the DTKS\/DTSEN criteria/);
});

t.test('someone not in DTKS/DTSEN qualifies only when verified as meeting its criteria', async (t) => {
  const a = santunan({ desil: null, desilSource: null });
  t.equal(a.eligible, false);
  t.match(a.reasons, [/not registered in DTKS\/DTSEN/]);
  t.equal(santunan({ desil: 2, desilSource: null }).eligible, false, 'a desil without a source is not a record');
  t.equal(santunan({ desil: null, desilSource: null, meetsPovertyCriteria: true }).eligible, true);
  t.equal(santunan({ desil: null, desilSource: null, meetsPovertyCriteria: false }).eligible, false);
});

t.test('the santunan is for residents of Kota Tangerang', async (t) => {
  const a = santunan({ kecamatanCode: '360301' });
  t.equal(a.eligible, false);
  t.match(a.reasons, [/kecamatan 360301 is not in region 3671/]);
});

for (const [exclusion, words] of [
  ['SUICIDE', 'suicide'],
  ['DEATH_PENALTY', 'the death penalty'],
  ['CRIMINAL_SENTENCE_OVER_1_YEAR', 'a criminal sentence of more than 1 year'],
  ['NARCOTICS', 'narcotics'],
  ['NATURAL_DISASTER', 'a natural disaster'],
] as const) {
  t.test(`a death caused by ${words} is excluded`, async (t) => {
    const a = santunan({ exclusions: [exclusion] });
    t.equal(a.eligible, false);
    t.equal(a.amount, 0);
    t.same(a.reasons, [`excluded: the death was caused by ${words}`]);
  });
}

t.test('every failure is reported together', async (t) => {
  const a = santunan({ kecamatanCode: '317101', desil: 9, exclusions: ['NARCOTICS'], applicationDate: '2026-01-05' });
  t.equal(a.reasons.length, 4);
  t.same(santunan({ exclusions: [] }).eligible, true, 'an empty exclusion list excludes nothing');
});

t.test('malformed dates are programming errors', async (t) => {
  t.throws(() => santunan({ dateOfDeath: '2025-02-29' }), RangeError);
  t.throws(() => santunan({ applicationDate: '20250721' }), RangeError);
});

/** The rules module: pure, versioned programme rules. Import from here. */
export * from './ruleset.js';
export * from './holidays.js';
export * from './month.js';
export * from './calendar.js';
export * from './money.js';
export * from './contribution.js';
export * from './regions.js';
export * from './nik.js';
export * from './occupations.js';
export * from './eligibility.js';
export * from './coverage.js';
export * from './assessment.js';
export * from './jkm.js';
export * from './jkk.js';
export * from './scholarship.js';
export * from './santunan.js';
export * from './documents.js';

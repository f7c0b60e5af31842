import neostandard from 'neostandard'

/**
 * One style across src/, test/, scripts/ and bench/: neostandard (standard's rules for ESLint 9) with its
 * TypeScript support. `npm run lint` checks, `npm run lint:fix` mends what can be mended; CI runs the check.
 */
export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'data/**', 'migrations/**', 'coverage/**', '.tap/**'] }),
]

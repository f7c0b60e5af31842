// tap --coverage-map: the rules module must be 100% covered by its own pure tests (test/rules), so a rule
// that only an HTTP test happens to exercise still counts as untested. Other tests instrument nothing.
export default function coverageMap (testFile) {
  return testFile.startsWith('test/rules/') ? ['src/rules/**/*.ts'] : null
}

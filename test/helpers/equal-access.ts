import type { Checker } from 'accessibility-checker-engine';
import type { Issue } from 'accessibility-checker-engine/v4/api/IRule.js';

/**
 * IBM Equal Access's accessibility checker, a second engine beside axe. Its rules differ from axe's
 * (ARIA references, names computed through slots, roles allowed per element), and it walks open
 * shadow roots, so an element checked here is checked inside.
 *
 * Its `ace-window.js` build is a classic script that also sets `window.ace_ibma`, so importing it
 * as a module (served by the test server from node_modules, no network) leaves the engine there.
 */
interface AceGlobal {
  Checker: new () => Checker;
}

declare global {
  interface Window {
    ace_ibma?: AceGlobal;
  }
}

/** The rule set checked: IBM Accessibility, which is WCAG 2.2 A and AA plus IBM's requirements. */
const guideline = 'IBM_Accessibility';

let checker: Promise<Checker> | undefined;

async function load(): Promise<Checker> {
  // @ts-expect-error: the window build has no type declarations of its own (see AceGlobal).
  await import('accessibility-checker-engine/ace-window.js');
  if (!window.ace_ibma) throw new Error('accessibility-checker-engine did not load');
  return new window.ace_ibma.Checker();
}

/**
 * Only the checker's "violation" level fails a test: a rule of the violation policy that failed for
 * certain. Its "potential violation", "recommendation" and "manual" levels are questions for a
 * person (does this colour pair meet contrast over a gradient, is this text a heading), and would
 * make tests fail on judgement rather than on a fault.
 */
const isViolation = (issue: Issue) =>
  issue.value[0] === 'VIOLATION' && issue.value[1] === 'FAIL' && !pageRules.has(issue.ruleId);

/**
 * Rules about the page around an element, which the host page owns: whether all its content sits in
 * landmarks (`main`, `nav`…). An element is placed inside the host's landmarks and adds none of its
 * own on a host's behalf (axe's counterpart, `region`, likewise judges only a whole page).
 */
const pageRules = new Set(['aria_content_in_landmark']);

function describe(issue: Issue): string {
  return `${issue.ruleId} (${String(issue.reasonId)}): ${issue.message}\n  in ${issue.path['dom']}\n  ${issue.snippet}`;
}

/**
 * Checks `target` (an element, its shadow tree included, or a whole document) with IBM Equal
 * Access and throws, listing them, if it finds violations.
 */
export async function expectEqualAccess(target: Element | Document): Promise<void> {
  checker ??= load();
  const report = await (await checker).check(target, [guideline]);
  const violations = report.results.filter(isViolation);
  if (violations.length > 0) {
    throw new Error(
      `IBM Equal Access found ${violations.length} violation(s):\n${violations.map(describe).join('\n')}`,
    );
  }
}

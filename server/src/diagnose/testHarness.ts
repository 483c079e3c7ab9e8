// Whether a line is inside cargo's test harness output (rules read it as
// RuleContext.inTests): from `running N tests` (or what shows of it when a
// log window cut that line off) to `test result:`.

// Where cargo's test harness output shows, even when a log window cut `running N tests` off.
const TEST_START = /^(?:running \d+ tests?$|---- \S+ stdout ----$|test \S+ \.\.\. |thread '[^']*::[^']*' (?:\(\d+\) )?panicked)/;

/**
 * What starts (TEST_START) or ends (`test result:`) the test harness's output; not `test `, which `latest` and
 * `attest ` carry in ordinary lines (`Locking … to latest compatible versions`).
 */
export const TEST_HARNESS_MARKERS: readonly string[] = ['running ', '---- ', "thread '", ' ... ', 'test result:'];

/** Whether this line shows the test harness's output has begun. */
export function startsTests(t: string): boolean {
  // Only `r`, `-` and `t` can start it (asked of every line the rules read).
  const c = t.charCodeAt(0);
  return (c === 114 || c === 45 || c === 116) && (t.startsWith('running ') || t.startsWith('---- ') || t.startsWith('test ') || t.startsWith("thread '")) && TEST_START.test(t);
}

/** Whether this line ends the test harness's output. */
export function endsTests(t: string): boolean {
  return t.startsWith('test result:');
}

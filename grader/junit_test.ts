import assert from "node:assert/strict";
import { parseReport } from "./junit.ts";

const report = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="3" failures="1" errors="0" time="0.1">
    <testsuite name="./a_test.ts" tests="3" disabled="1" errors="0" failures="1">
        <testcase name="passes &lt;&amp;&gt; &quot;q&quot;" classname="./a_test.ts" time="0.001" line="2" col="6">
        </testcase>
        <testcase name="fails" classname="./a_test.ts" time="0.001" line="3" col="6">
            <failure message="Uncaught AssertionError: no">AssertionError: no &amp; never
    at file:///a_test.ts:3:9</failure>
        </testcase>
        <testcase name="cancelled" classname="./a_test.ts" line="4" col="6">
            <skipped/>
        </testcase>
    </testsuite>
</testsuites>`;

Deno.test("parseReport() reads each test case's name, file and outcome", () => {
  assert.deepEqual(parseReport(report), {
    errors: 0,
    cases: [
      { name: 'passes <&> "q"', file: "./a_test.ts", outcome: "passed" },
      {
        name: "fails",
        file: "./a_test.ts",
        outcome: "failed",
        failure: "AssertionError: no & never\n    at file:///a_test.ts:3:9",
      },
      { name: "cancelled", file: "./a_test.ts", outcome: "skipped" },
    ],
  });
});

Deno.test("parseReport() reads the errors counted outside any test", () => {
  const text = report.replace('errors="0" time', 'errors="2" time');
  assert.equal(parseReport(text)?.errors, 2);
});

Deno.test("parseReport() returns undefined for text that is not a complete report", () => {
  assert.equal(parseReport("ok | 3 passed"), undefined);
  assert.equal(
    parseReport(report.slice(0, report.indexOf("</failure>"))),
    undefined,
  );
});

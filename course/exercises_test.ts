import assert from "node:assert/strict";
import {
  findExercise,
  formatCourseJson,
  loadCourse,
  parseCourse,
} from "./exercises.ts";

/** A valid course.json, as data, that each case below breaks one way. */
function valid() {
  return {
    title: "A course",
    exercises: [{
      id: "first",
      title: "The first",
      lesson: "01_start",
      file: "01_start/first.ts",
      hints: ["A hint."],
      requirements: ["first() returns 42", "first() returns a number"],
      wrongAnswers: [{
        name: "off_by_one",
        mistake: "Returns 41.",
        fails: ["first() returns 42"],
        replace: [["return 42;", "return 41;"]],
      }],
    }],
  };
}

type Data = ReturnType<typeof valid>;
type Entry = Record<string, unknown>;

function refuses(change: (data: Data) => void, message: RegExp): void {
  const data = valid();
  change(data);
  assert.throws(
    () => parseCourse("/course", JSON.stringify(data)),
    (error: Error) =>
      error.name === "CourseError" && message.test(error.message),
    String(message),
  );
}

const entry = (data: Data) => data.exercises[0] as unknown as Entry;
const wrong = (data: Data) =>
  data.exercises[0]!.wrongAnswers[0] as unknown as Entry;

Deno.test("parseCourse() reads a valid course.json, wrong answers and all", () => {
  const course = parseCourse("/course", JSON.stringify(valid()));
  assert.equal(course.title, "A course");
  assert.deepEqual(course.exercises[0]?.wrongAnswers[0]?.replace, [[
    "return 42;",
    "return 41;",
  ]]);
  assert.equal(course.exercises[0]?.starterExplains, undefined);
  const leaking = valid() as Data & { exercises: Entry[] };
  leaking.exercises[0]!.starterExplains = ["field #cache (Map)"];
  (leaking.exercises[0]!.wrongAnswers as Entry[])[0]!.explains = ["`last`"];
  const read = parseCourse("/course", JSON.stringify(leaking)).exercises[0];
  assert.deepEqual(read?.starterExplains, ["field #cache (Map)"]);
  assert.deepEqual(read?.wrongAnswers[0]?.explains, ["`last`"]);
});

Deno.test("parseCourse() says in one line what is wrong with course.json", () => {
  assert.throws(
    () => parseCourse("/course", "{ oops"),
    /^CourseError: course\.json is not valid JSON: /,
  );
  refuses((d) => (d as Entry).title = "", /^course\.json needs a "title"$/);
  refuses((d) => d.exercises = [], /needs a non-empty "exercises" array$/);
  refuses(
    (d) => d.exercises.push(structuredClone(d.exercises[0]!)),
    /^course\.json exercise 2: id "first" is used twice$/,
  );
  for (const key of ["id", "title", "lesson", "file"]) {
    refuses(
      (d) => delete entry(d)[key],
      new RegExp(
        `^course\\.json exercise 1: "${key}" must be a non-empty string$`,
      ),
    );
  }
  refuses((d) => entry(d).id = "First", /id "First" must be snake_case$/);
  refuses(
    (d) => entry(d).lesson = "start",
    /lesson "start" must look like "NN_topic"$/,
  );
  refuses(
    (d) => entry(d).file = "first.ts",
    /file "first\.ts" must look like "NN_topic\/name\.ts"$/,
  );
  refuses(
    (d) => entry(d).hints = [],
    /\("first"\): "hints" must list at least one hint$/,
  );
  refuses(
    (d) => entry(d).requirements = [""],
    /"requirements" must list the name of every test, one each$/,
  );
  refuses(
    (d) => entry(d).requirements = ["a", "a"],
    /"requirements" lists a test twice$/,
  );
  refuses((d) => entry(d).wrongAnswers = {}, /"wrongAnswers" must be a list$/);
  refuses(
    (d) => wrong(d).name = "Off by one",
    /wrong answer 1: "name" must be snake_case$/,
  );
  refuses(
    (d) => wrong(d).mistake = "",
    /wrong answer 1 \("off_by_one"\): "mistake" must say what it is$/,
  );
  refuses(
    (d) => wrong(d).fails = [],
    /\("off_by_one"\): "fails" must name the tests that catch it$/,
  );
  refuses(
    (d) => wrong(d).fails = ["first() returns 43"],
    /\("off_by_one"\): "first\(\) returns 43" is not one of the requirements$/,
  );
  refuses(
    (d) => wrong(d).replace = [["", "x"]],
    /\("off_by_one"\): "replace" must list \[text, replacement\] pairs$/,
  );
  refuses(
    (d) => wrong(d).explains = [],
    /\("off_by_one"\): "explains" must list the words its explanation shows$/,
  );
  refuses(
    (d) => entry(d).starterExplains = "field #listeners",
    /\("first"\): "starterExplains" must list the words the starter's explanation shows$/,
  );
});

Deno.test("loadCourse() says where it looked when there is no course.json", async () => {
  await assert.rejects(
    () => loadCourse("/no/such/course"),
    /^CourseError: Cannot read "\/no\/such\/course\/course\.json": run this from the course folder$/,
  );
});

Deno.test("findExercise() takes an id or a number, and suggests a near id", () => {
  const course = parseCourse("/course", JSON.stringify(valid()));
  assert.equal(findExercise(course, "first").id, "first");
  assert.equal(findExercise(course, "1").id, "first");
  assert.throws(() => findExercise(course, "frist"), /did you mean "first"\?/);
  assert.throws(
    () => findExercise(course, "2"),
    /^CourseError: No exercise "2": use an id or a number from 1 to 1$/,
  );
});

Deno.test("formatCourseJson() keeps the data and puts each wrong answer on one line", () => {
  const text = formatCourseJson(valid());
  assert.deepEqual(JSON.parse(text), valid());
  assert.match(
    text,
    /\n {8}\{ "name": "off_by_one", "mistake": "Returns 41\.", "fails": \["first\(\) returns 42"\], "replace": \[\["return 42;", "return 41;"\]\] \}\n/,
  );
});

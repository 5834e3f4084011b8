const { highlighter, createMarkdown, highlightCode } = await import(
  "./_markdown.ts"
);
const { loadCourse } = await import("./_course.ts");
const h = await highlighter();
const course = await loadCourse(Deno.cwd());
const md = await createMarkdown(course);
for (let round = 0; round < 3; round++) {
  const t3 = performance.now();
  let lines = 0;
  for (const l of course.lessons) {
    md.render(l.body, { sourcePath: "lessons/x.md" });
    lines += l.body.split("\n").length;
  }
  const t4 = performance.now();
  for (const e of course.exercises) {
    md.render(e.statement, {});
    highlightCode(h, e.starter, "ts");
    highlightCode(h, e.solution, "ts");
    lines += e.solution.split("\n").length + e.starter.split("\n").length;
  }
  const t5 = performance.now();
  console.log({
    lessons: Math.round(t4 - t3),
    exercises: Math.round(t5 - t4),
    lines,
  });
}

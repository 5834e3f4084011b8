// Live status, served only by `deno task start` (the published site never
// loads it). The page comes with the grading state of the moment it was
// sent (`#live-state`, null when `start --no-grade` grades nothing), shown
// at once; the server then pushes each change as Server-Sent Events, shown
// without a reload:
// - an exercise page's `[data-exercise-status]` box: passed, failed, error or
//   timed out, with the first failure's message;
// - the sidebar's `[data-exercise]` items: class `passed` marks a pass;
// - the home page's `[data-course-progress]` box: N of M done and what is next.
// When a lesson changes, the server builds the site again and the page reloads.

let latest = JSON.parse(
  document.getElementById("live-state")?.textContent ?? "null",
);
let offline = false;
const shown = new WeakMap();

render();
const source = new EventSource("/__live/events");
source.addEventListener("state", (event) => {
  latest = JSON.parse(event.data);
  offline = false;
  render();
});
// The site was built again (a lesson changed): show the new pages.
source.addEventListener("reload", () => location.reload());
source.addEventListener("error", () => {
  offline = true;
  render();
});

function render() {
  if (!latest) return;
  const byId = new Map(latest.results.map((result) => [result.id, result]));
  const grading = new Set(latest.grading);
  for (const item of document.querySelectorAll("[data-exercise]")) {
    const result = byId.get(item.dataset.exercise);
    item.classList.toggle("passed", result?.status === "passed");
    if (result) item.dataset.status = result.status;
  }
  for (const box of document.querySelectorAll("[data-exercise-status]")) {
    const id = box.dataset.exerciseStatus;
    update(box, exerciseStatus(byId.get(id), grading.has(id)));
  }
  for (const box of document.querySelectorAll("[data-course-progress]")) {
    update(box, courseProgress(latest));
  }
  // Each requirement of an exercise page: how its test ended last time.
  for (const list of document.querySelectorAll("[data-requirements]")) {
    const tests = byId.get(list.dataset.requirements)?.tests ?? [];
    const outcomes = new Map(tests.map((t) => [t.name, t.outcome]));
    for (const item of list.querySelectorAll("[data-requirement]")) {
      const outcome = outcomes.get(item.dataset.requirement);
      // "skipped": not run, because an earlier test failed (or the run
      // ended); it says nothing about this requirement.
      const look = outcome === "passed"
        ? latest.statuses.passed
        : outcome === "failed"
        ? latest.statuses.failed
        : undefined;
      item.dataset.outcome = outcome ?? "unknown";
      item.dataset.mark = look ? look.mark : "";
      item.title = look ? look.label : "Not run yet";
    }
  }
}

// Replaces a box's content only when it changed, so that screen readers
// (the boxes are live regions) hear each change once.
function update(box, { status, nodes }) {
  const key = JSON.stringify([status, nodes.map((node) => node.outerHTML)]);
  if (shown.get(box) === key) return;
  shown.set(box, key);
  box.dataset.status = status;
  box.classList.add("live-status");
  box.replaceChildren(...nodes);
}

function exerciseStatus(result, grading) {
  const nodes = [];
  if (!result) {
    nodes.push(
      element("p", {}, grading ? "Grading your file…" : "Not graded yet."),
    );
    if (offline) nodes.push(stoppedNote());
    return { status: grading ? "grading" : "pending", nodes };
  }
  const head = element("p", { class: "live-status-head" });
  const look = latest.statuses[result.status];
  head.append(element("strong", {}, `${look.mark} ${look.label}`));
  if (grading) head.append(" · grading again…");
  nodes.push(head);
  if (result.summary) nodes.push(element("pre", {}, result.summary));
  if (result.explanation) {
    nodes.push(
      element("pre", { class: "live-explanation" }, result.explanation),
    );
  }
  nodes.push(
    element(
      "p",
      {},
      result.status === "passed"
        ? `${result.file} passes its tests. Compare it with the reference solution on this page.`
        : `Save ${result.file} and it is graded again.`,
    ),
  );
  if (offline) nodes.push(stoppedNote());
  return { status: result.status, nodes };
}

function courseProgress(state) {
  const nodes = [];
  const head = element("p", { class: "live-status-head" });
  head.append(
    element("strong", {}, `${state.passed} of ${state.total}`),
    ` exercise${state.total === 1 ? "" : "s"} done.`,
  );
  nodes.push(head);
  const bar = element("progress", { max: String(state.total) });
  bar.value = state.passed;
  bar.setAttribute("value", String(state.passed));
  bar.setAttribute("aria-label", "Exercises done");
  nodes.push(bar);
  if (state.results.length < state.total) {
    nodes.push(
      element(
        "p",
        {},
        `Grading your exercises: ${state.results.length} of ${state.total} graded so far.`,
      ),
    );
  } else if (state.next) {
    const next = state.results.find((result) => result.id === state.next);
    const line = element("p", {}, "Next: ");
    line.append(
      element(
        "a",
        { href: state.nextUrl },
        next?.title ?? state.next,
      ),
    );
    nodes.push(line);
  } else {
    nodes.push(element("p", {}, `All ${state.total} exercises pass.`));
  }
  if (offline) nodes.push(stoppedNote());
  return { status: state.next ? "open" : "done", nodes };
}

function stoppedNote() {
  return element(
    "p",
    { class: "live-stopped" },
    "Live grading has stopped: run deno task start again to resume it.",
  );
}

function element(name, attributes = {}, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

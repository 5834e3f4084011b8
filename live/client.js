// Live status, served only by `deno task start` (the published site never
// loads it). The server pushes the grading state as Server-Sent Events; this
// script shows it without a reload:
// - an exercise page's `[data-exercise-status]` box: passed, failed, error or
//   timed out, with the first failure's message;
// - the sidebar's `[data-exercise]` items: class `passed` marks a pass;
// - the home page's `[data-course-progress]` box: N of M done and what is next.
// When a lesson changes, the server builds the site again and the page reloads.

const LABELS = {
  "passed": "✓ Passed",
  "failed": "✗ Failed",
  "error": "! Error",
  "timed out": "⧗ Timed out",
};

let latest;
let offline = false;
const shown = new WeakMap();

addStyle();
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
  head.append(element("strong", {}, LABELS[result.status]));
  if (grading) head.append(" · grading again…");
  nodes.push(head);
  if (result.summary) nodes.push(element("pre", {}, result.summary));
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
        { href: `/exercises/${state.next}/` },
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

function addStyle() {
  const style = document.createElement("style");
  style.textContent = `
.live-status {
  margin: 1rem 0;
  padding: 0.5rem 0.75rem;
  border: 1px solid var(--line, #d6dce2);
  border-left: 4px solid var(--fg-soft, #4f5a65);
  border-radius: 0.4rem;
  background: var(--bg-soft, #f5f7f9);
}
.live-status[data-status="passed"],
.live-status[data-status="done"] { border-left-color: #2f855a; }
.live-status[data-status="failed"] { border-left-color: #c53030; }
.live-status[data-status="error"],
.live-status[data-status="timed out"] { border-left-color: var(--warn-line, #b7791f); }
.live-status p { margin: 0.25rem 0; }
.live-status pre {
  margin: 0.5rem 0;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font-size: 0.9rem;
}
.live-status progress { width: 100%; max-width: 20rem; }
.live-stopped { color: var(--fg-soft, #4f5a65); font-style: italic; }
`;
  document.head.append(style);
}

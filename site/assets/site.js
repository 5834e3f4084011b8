// Enhancements only: every page reads without this script. It adds search
// (Pagefind, loaded on first use), copy buttons on code blocks, and the left
// and right arrow keys for the previous and next page.

const form = document.querySelector("[data-search]");
if (form) setUpSearch(form);
addCopyButtons();
document.addEventListener("keydown", onArrowKey);

function setUpSearch(form) {
  const input = form.querySelector("input");
  const results = form.querySelector(".search-results");
  const status = form.querySelector("#search-status");
  let pagefind;
  let latest = 0;
  let timer;
  form.hidden = false;

  const close = () => {
    results.hidden = true;
    results.replaceChildren();
  };

  async function search(query) {
    const ticket = ++latest;
    if (!query.trim()) {
      close();
      status.textContent = "";
      return;
    }
    pagefind ??= await import("/pagefind/pagefind.js").then(async (module) => {
      await module.options({ excerptLength: 18 });
      return module;
    });
    const found = await pagefind.search(query);
    const pages = await Promise.all(
      found.results.slice(0, 8).map((result) => result.data()),
    );
    if (ticket !== latest) return;
    const list = document.createElement("ol");
    for (const data of pages) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = data.url;
      const title = document.createElement("strong");
      title.textContent = data.meta.title ?? data.url;
      const excerpt = document.createElement("p");
      // Pagefind escapes the page text and wraps matches in <mark>.
      excerpt.innerHTML = data.excerpt;
      link.append(title, excerpt);
      item.append(link);
      list.append(item);
    }
    const count = found.results.length;
    status.textContent = count === 0
      ? "No results"
      : `${count} result${count === 1 ? "" : "s"}`;
    if (count === 0) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = `Nothing found for “${query}”.`;
      list.append(empty);
    }
    results.replaceChildren(list);
    results.dataset.query = query;
    results.hidden = false;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    results.querySelector("a")?.click();
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) close();
  });
}

function addCopyButtons() {
  for (const pre of document.querySelectorAll("pre.shiki")) {
    const wrapper = document.createElement("div");
    wrapper.className = "code-block";
    pre.replaceWith(wrapper);
    wrapper.append(pre);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(pre.innerText);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select and copy";
      }
      setTimeout(() => (button.textContent = "Copy"), 2000);
    });
    wrapper.append(button);
  }
}

function onArrowKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
  const target = event.target;
  if (
    target instanceof Element &&
    target.closest("input, textarea, select, pre, [contenteditable]")
  ) return;
  const rel = event.key === "ArrowLeft" ? "prev" : "next";
  const link = document.querySelector(`.pager a[rel="${rel}"]`);
  if (link) location.href = link.href;
}

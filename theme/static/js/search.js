// Search page: queries the Pagefind index written at build time. Everything is loaded from this
// site, relative to this file, so search works offline and under a sub-path such as /repo/.
const siteRoot = new URL("../../", import.meta.url);
const form = document.querySelector("[data-search-form]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const selects = [...form.querySelectorAll("select[data-filter]")];

let pagefind;

// The index comes in parts (Pagefind bundles, oldest briefs first); the newest is loaded and the
// others merged into it, so one search covers every brief.
async function load() {
  const [newest, ...older] = form.dataset.searchParts.split(" ").reverse();
  const options = { baseUrl: siteRoot.pathname };
  pagefind = await import(new URL(`${newest}/pagefind.js`, siteRoot));
  await pagefind.options(options);
  for (const part of older) await pagefind.mergeIndex(new URL(`${part}/`, siteRoot).href, options);
  const available = await pagefind.filters();
  for (const select of selects) {
    const values = Object.keys(available[select.dataset.filter] || {}).sort();
    if (select.dataset.filter === "week") values.reverse();
    for (const value of values) select.append(new Option(value, value));
  }
}

function readQuery() {
  const params = new URLSearchParams(window.location.search);
  form.q.value = params.get("q") || "";
  for (const select of selects) select.value = params.get(select.name) || "";
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

async function run() {
  const query = form.q.value.trim();
  const filters = {};
  for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
  list.replaceChildren();
  if (!query && !Object.keys(filters).length) {
    status.textContent = "Type words to find, or choose a category, tag or week.";
    return;
  }
  status.textContent = "Searching…";
  const search = await pagefind.search(query || null, { filters });
  const results = await Promise.all(search.results.slice(0, 30).map((result) => result.data()));
  status.textContent = `${search.results.length} brief${search.results.length === 1 ? "" : "s"} found.`;
  for (const result of results) {
    const item = element("li", "search-result");
    const heading = element("h2", "search-result__title");
    const link = element("a", "", result.meta.title);
    link.href = result.url;
    heading.append(link);
    item.append(heading);
    if (result.meta.date) {
      const date = element("p", "card__meta");
      const time = element("time", "", result.meta.date_label || result.meta.date);
      time.dateTime = result.meta.date;
      date.append(time);
      item.append(date);
    }
    // Pagefind's excerpt is the indexed text, HTML-escaped, with matches in <mark>.
    const excerpt = element("p", "search-result__excerpt");
    excerpt.innerHTML = result.excerpt;
    item.append(excerpt);
    list.append(item);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  for (const [key, value] of [...params]) if (!value) params.delete(key);
  history.replaceState(null, "", `?${params}`);
  run();
});

load()
  .then(() => {
    readQuery();
    return run();
  })
  .catch((error) => {
    status.textContent = `Search is not available: ${error.message}`;
  });

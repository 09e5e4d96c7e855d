// Search page: queries the Pagefind index written at build time. Everything is loaded from this
// site, relative to this file, so search works offline and under a sub-path such as /repo/.
// Results come as you type (after a pause) or on Enter, a page at a time with "Show more".
const siteRoot = new URL("../../", import.meta.url);
const form = document.querySelector("[data-search-form]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const more = document.querySelector("[data-search-more]");
const selects = [...form.querySelectorAll("select[data-filter]")];
const PAGE_SIZE = Number(form.dataset.searchPageSize) || 10;
const TYPING_PAUSE_MS = 250;

let pagefind;
let results = [];
let shown = 0;
let latest = 0; // the newest search; an older one that finishes later draws nothing

// The index comes in parts (Pagefind bundles, oldest briefs first); the newest is loaded and the
// others merged into it, so one search covers every brief.
async function load() {
  const [newest, ...older] = form.dataset.searchParts.split(" ").reverse();
  const options = { baseUrl: siteRoot.pathname };
  // Searches wait until every part is merged: one made before would find only the newest briefs,
  // and the search run once loading ends would then replace what the reader is paging through.
  const index = await import(new URL(`${newest}/pagefind.js`, siteRoot));
  await index.options(options);
  for (const part of older) await index.mergeIndex(new URL(`${part}/`, siteRoot).href, options);
  const available = await index.filters();
  for (const select of selects) {
    const values = Object.keys(available[select.dataset.filter] || {}).sort();
    if (select.dataset.filter === "week") values.reverse();
    for (const value of values) select.append(new Option(optionLabel(select.dataset.filter, value), value));
  }
  pagefind = index;
}

// Weeks are filtered by their ISO name (2025-W32, which sorts by date) and shown in words.
function optionLabel(filter, value) {
  const match = filter === "week" && /^(\d{4})-W(\d{2})$/.exec(value);
  if (!match) return value;
  const [year, week] = [Number(match[1]), Number(match[2])];
  const fourthOfJanuary = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(fourthOfJanuary);
  monday.setUTCDate(4 - ((fourthOfJanuary.getUTCDay() + 6) % 7) + (week - 1) * 7);
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return `Week of ${day.format(monday)}`;
}

// Words typed while the index was loading are kept; the address fills in what is still empty.
function readQuery() {
  const params = new URLSearchParams(window.location.search);
  form.q.value = form.q.value || params.get("q") || "";
  for (const select of selects) select.value = params.get(select.name) || "";
}

// The address keeps the words and filters, so a search can be shared, bookmarked and gone back to.
function writeQuery() {
  const params = new URLSearchParams(new FormData(form));
  for (const [key, value] of [...params]) if (!value) params.delete(key);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

async function run({ typing = false } = {}) {
  if (!pagefind) return; // still loading: load() runs the search when it is ready
  const search = ++latest;
  const query = form.q.value.trim();
  const filters = {};
  for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
  writeQuery();
  if (!query && !Object.keys(filters).length) {
    show(search, [], "Type words to find, or choose a category, tag or week.");
    return;
  }
  const found = typing
    ? await pagefind.debouncedSearch(query || null, { filters }, TYPING_PAUSE_MS)
    : await pagefind.search(query || null, { filters });
  if (found === null || search !== latest) return; // a newer search replaced this one
  show(search, found.results);
}

async function show(search, found, message) {
  results = found;
  shown = 0;
  list.replaceChildren();
  if (message) {
    status.textContent = message;
    more.hidden = true;
    return;
  }
  await showMore(search);
}

// Draws the next PAGE_SIZE results; Pagefind loads each result's data only when it is drawn.
async function showMore(search = latest) {
  const page = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
  if (search !== latest) return;
  const first = shown === 0;
  for (const result of page) list.append(resultItem(result));
  shown += page.length;
  status.textContent = results.length
    ? `${plural(results.length, "brief")} found${results.length > shown ? `, ${shown} shown` : ""}.`
    : "No briefs found. Try fewer or other words, or another filter.";
  more.hidden = shown >= results.length;
  if (!first && page.length) list.children[shown - page.length].querySelector("a").focus();
}

function resultItem(result) {
  const item = element("li", "search-result");
  const heading = element("h2", "search-result__title");
  const link = element("a", "", result.meta.title);
  link.href = result.url;
  heading.append(link);
  item.append(heading);
  // Only briefs are indexed, and article.html gives each of them these three meta fields: title,
  // date (ISO) and date_label (in words); tests/test_search.py checks that the two sides agree.
  const date = element("p", "card__meta");
  const time = element("time", "", result.meta.date_label);
  time.dateTime = result.meta.date;
  date.append(time);
  item.append(date);
  // Pagefind's excerpt is the indexed text, HTML-escaped, with matches in <mark>.
  const excerpt = element("p", "search-result__excerpt");
  excerpt.innerHTML = result.excerpt;
  item.append(excerpt);
  return item;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
form.q.addEventListener("input", () => run({ typing: true }));
for (const select of selects) select.addEventListener("change", () => run());
more.addEventListener("click", () => showMore());

load()
  .then(() => {
    readQuery();
    return run();
  })
  .catch((error) => {
    status.textContent = `Search is not available: ${error.message}`;
  });

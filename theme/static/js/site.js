// Every page: turns the "Menu" link of narrow screens into a button that folds and unfolds the
// main menu. Without this script the link still works: it targets the menu, which CSS then shows.
const button = document.querySelector("[data-menu-button]");
const menu = document.querySelector("[data-menu]");

if (button && menu) {
  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  };

  button.setAttribute("role", "button");
  button.setAttribute("aria-controls", menu.id);
  setOpen(false);
  if (window.location.hash === `#${menu.id}`) history.replaceState(null, "", window.location.pathname + window.location.search);

  button.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(!isOpen());
  });
  // A link is pressed with Enter; a button with Space too.
  button.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      setOpen(!isOpen());
    }
  });
  // Escape closes the menu and gives focus back to its button; so does clicking or tabbing out.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (isOpen() && !menu.contains(event.target) && !button.contains(event.target)) setOpen(false);
  });
  menu.addEventListener("focusout", (event) => {
    const next = event.relatedTarget;
    if (next && !menu.contains(next) && next !== button) setOpen(false);
  });
}

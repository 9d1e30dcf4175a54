// The keys a screen reader's user expects in a toolbar: Tab reaches every button, and the arrow
// keys, Home and End also move between its enabled buttons (wrapping around). Every toolbar of the
// runtime (a cell's, the page's) gets them here.

const KEYS = ["ArrowLeft", "ArrowRight", "Home", "End"];

export function arrowKeys(bar: HTMLElement): void {
  bar.addEventListener("keydown", (event) => {
    if (!KEYS.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const buttons = [...bar.querySelectorAll<HTMLButtonElement>("button:not(:disabled)")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1
      : (at + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next].focus();
    event.preventDefault();
  });
}
